import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import type { DocName } from '@nudge/shared'
import { LiveDocument, type DocumentDeps, type DocumentPersistence, type Session } from './document.ts'
import { DEFAULT_COLLAB_LIMITS } from './limits.ts'
import { LocalRelay } from './relay.ts'

/**
 * In-memory harness for the collab core: clients speak the y-websocket sync protocol to a
 * LiveDocument through queues that a seeded scheduler delivers. Used by the convergence tests.
 */
/** A live document on one node (local relay, default limits); `deps` overrides any collaborator. */
export function testDocument(
  persistence: DocumentPersistence,
  deps: Partial<DocumentDeps> = {},
  roomId = 'room1',
  name: DocName = 'code',
): LiveDocument {
  return new LiveDocument(roomId, name, {
    persistence,
    relay: new LocalRelay(),
    limits: DEFAULT_COLLAB_LIMITS,
    idle: () => {},
    warn: () => {},
    ...deps,
  })
}

export class MemoryPersistence implements DocumentPersistence {
  readonly stored: Uint8Array[] = []
  private pending: { room: LiveDocument; update: Uint8Array }[] = []
  constructor(initial: Uint8Array[] = []) {
    this.stored.push(...initial)
  }
  async load(): Promise<Uint8Array[]> {
    return [...this.stored]
  }
  enqueue(room: LiveDocument, update: Uint8Array): void {
    this.pending.push({ room, update })
  }
  hasPending(): boolean {
    return this.pending.length > 0
  }
  accepting(): boolean {
    return true
  }
  roomLogBytes(): number {
    return [...this.stored, ...this.pending.map((p) => p.update)].reduce((n, u) => n + u.byteLength, 0)
  }
  flush(): void {
    const rooms = new Set(this.pending.map((p) => p.room))
    this.stored.push(...this.pending.map((p) => p.update))
    this.pending = []
    for (const r of rooms) r.markDurable(Y.encodeStateVector(r.doc))
  }
}

type Rng = () => number

/** Deterministic PRNG (mulberry32) so a failing seed reproduces. */
export function rng(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

let nextId = 0

export class TestClient {
  readonly doc = new Y.Doc()
  /** Messages client → server and server → client, FIFO per direction like a WebSocket. */
  up: Uint8Array[] = []
  down: Uint8Array[] = []
  connected = false
  session: Session | null = null
  closedWith: number | null = null

  constructor(readonly name: string, private readonly room: () => LiveDocument, readonly readOnly = false) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this || !this.connected) return
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 0)
      syncProtocol.writeUpdate(e, update)
      this.up.push(encoding.toUint8Array(e))
    })
  }

  connect(): void {
    const id = `s${nextId++}`
    this.up = []
    this.down = []
    this.connected = true
    this.session = {
      id,
      author: this.name,
      readOnly: this.readOnly,
      identity: { name: this.name, role: this.readOnly ? 'observer' : 'candidate', participantId: this.name },
      nudgeMessages: false,
      send: (bytes) => {
        if (this.session?.id === id) this.down.push(bytes)
      },
      close: (code) => {
        this.closedWith = code
        this.disconnect()
      },
    }
    this.room().join(this.session)
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 0)
    syncProtocol.writeSyncStep1(e, this.doc)
    this.up.push(encoding.toUint8Array(e))
  }

  disconnect(): void {
    if (!this.session) return
    const id = this.session.id
    this.session = null
    this.connected = false
    this.up = []
    this.down = []
    this.room().leave(id)
  }

  /** Delivers one queued message in the given direction; returns false if none. */
  step(direction: 'up' | 'down'): boolean {
    const q = direction === 'up' ? this.up : this.down
    const m = q.shift()
    if (!m || !this.session) return false
    if (direction === 'up') {
      this.room().receive(this.session.id, m)
      return true
    }
    const d = decoding.createDecoder(m)
    const type = decoding.readVarUint(d)
    if (type !== 0) return true
    const reply = encoding.createEncoder()
    encoding.writeVarUint(reply, 0)
    syncProtocol.readSyncMessage(d, reply, this.doc, this)
    if (encoding.length(reply) > 1) this.up.push(encoding.toUint8Array(reply))
    return true
  }
}

/** Delivers queued messages in a seeded random order until everything is quiet. */
export function drain(clients: TestClient[], random: Rng, maxSteps = 100_000): void {
  for (let i = 0; i < maxSteps; i++) {
    const ready = clients.flatMap((c) => [
      ...(c.up.length ? [() => c.step('up')] : []),
      ...(c.down.length ? [() => c.step('down')] : []),
    ])
    if (ready.length === 0) return
    ready[Math.floor(random() * ready.length)]!()
  }
  throw new Error('did not quiesce')
}
