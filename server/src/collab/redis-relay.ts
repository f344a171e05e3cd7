import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import * as Y from 'yjs'
import type { DocName } from '@nudge/shared'
import { AwarenessRelay } from './awareness-relay.ts'
import type { LiveDocument } from './document.ts'
import type { StoredRanges } from './durable.ts'
import { updateHasContent } from './messages.ts'
import type { Relay } from './relay.ts'
import { idAfter, RelayStreams, type Entry } from './relay-stream.ts'

interface Logger {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
}

export interface RedisRelayOptions {
  /** Command connection; the blocking reader is a duplicate of it. */
  redis: Redis
  prefix: string
  nodeId: string
  log: Logger
  /** What storage holds for a document: a resync after an outage merges it in. */
  loadStored(roomId: string, doc: DocName): Promise<Uint8Array[]>
  /** Entries kept per room stream (MAXLEN ~). */
  maxLen?: number
  /** Edits no node has stored after this long are stored by this node (e.g. their node died). */
  adoptAfterMs?: number
}

/** The relay reads the streams at most this often (ms). */
const READ_INTERVAL_MS = 5

/** How often at most other nodes hear, per document, which of its edits this node has stored. */
const STORED_NOTICE_MS = 1000

interface Attached {
  room: LiveDocument
  /** Last stream id read; '0-0' on attach, so the retained history is replayed (idempotent). */
  lastId: string
  /** Entries read while the room loads from storage, applied once it is ready. */
  queue: Entry[] | null
  /** Id of this node's own sync request; older `v` entries are history, not questions. */
  liveFrom: string | null
  /** The doc's state vector at the previous sweep, when it was not all stored. */
  unstored?: Map<number, number>
}

export interface RelayStats {
  published: number
  received: number
  publishFailures: number
  resyncs: number
  adopted: number
}

/**
 * Relays document updates between nodes through one Redis Stream per document of a room. Streams are durable
 * (unlike Pub/Sub): each node reads from the last id it saw, so a dropped connection loses
 * nothing that is still retained; after Redis itself was lost, every node resyncs each room
 * against storage and exchanges state vectors. Updates from other nodes are applied with origin
 * 'remote' and never stored again here — their node stores them and announces the stored
 * ranges, which is how clients on this node learn that those edits are durable.
 */
export class RedisRelay implements Relay {
  readonly onlyWriter = false
  /** Attached documents by key (`<roomId>/<name>`). */
  private readonly rooms = new Map<string, Attached>()
  /** Per document: stored ranges waiting for their notice (see publishStored). */
  private readonly storedNotices = new Map<string, { ranges: StoredRanges; timer: NodeJS.Timeout }>()
  /** Documents whose unstored edits were adopted when they went idle (once per load). */
  private readonly adoptedOnIdle = new WeakSet<LiveDocument>()
  private readonly streams: RelayStreams
  private readonly reader: Redis
  private readonly self: string
  private readonly awareness: AwarenessRelay
  private wakeId = '0-0'
  private stopped = false
  private lost = false
  private readonly sweep: NodeJS.Timeout
  readonly stats: RelayStats = { published: 0, received: 0, publishFailures: 0, resyncs: 0, adopted: 0 }

  constructor(private readonly opts: RedisRelayOptions) {
    // Entries are signed by this process, not just NODE_ID: a node restarted under the same name
    // must not skip, as its own, what its previous incarnation published.
    this.self = `${opts.nodeId}/${randomBytes(4).toString('hex')}`
    this.streams = new RelayStreams(opts.redis, opts.prefix, this.self, opts.maxLen ?? 2000)
    this.reader = opts.redis.duplicate({ connectionName: 'nudge-relay-reader' })
    this.reader.on('error', () => {}) // the command connection logs Redis errors once
    this.awareness = new AwarenessRelay(opts.redis, opts.prefix, this.self)
    opts.redis.on('close', this.onLost)
    opts.redis.on('ready', this.onReady)
    this.sweep = setInterval(() => this.adoptOrphans(), opts.adoptAfterMs ?? 3000)
    this.sweep.unref()
    void this.loop()
  }

  attach(room: LiveDocument): void {
    const a: Attached = { room, lastId: '0-0', queue: [], liveFrom: null }
    this.rooms.set(room.key, a)
    this.awareness.attach(room)
    void this.wake()
    void room.ready.then(async () => {
      if (this.rooms.get(room.key) !== a || !room.isReady) return
      const queued = a.queue ?? []
      a.queue = null
      for (const e of queued) this.deliver(a, e)
      // Without Redis now, questions from "now" on are live; the resync on reconnect asks again.
      a.liveFrom = (await this.requestSync(room)) ?? `${Date.now()}-0`
    })
  }

  detach(room: LiveDocument): void {
    if (this.rooms.get(room.key)?.room !== room) return
    this.rooms.delete(room.key)
    // What it stored last is announced now, not lost with the timer.
    this.flushStored(room.key)
    this.awareness.detach(room)
    void this.wake()
  }

  publish(room: LiveDocument, update: Uint8Array): void {
    this.send(room.key, 'u', update)
  }

  /**
   * Other nodes learn what this node stored at most every STORED_NOTICE_MS per document, the
   * ranges of that time in one entry: they use it for their readers' durable acks (sent at most
   * once a second anyway) and to tell orphaned edits (unstored for a whole sweep, 3 s) from
   * edits being stored. One entry per stored batch was a Redis entry per keystroke, read by
   * every node.
   */
  publishStored(room: LiveDocument, ranges: StoredRanges): void {
    const waiting = this.storedNotices.get(room.key)
    if (waiting) {
      waiting.ranges.push(...ranges)
      return
    }
    this.send(room.key, 's', JSON.stringify(ranges))
    this.holdStored(room.key)
  }

  /** Ranges stored from now on wait for the document's next notice. */
  private holdStored(key: string): void {
    const timer = setTimeout(() => this.flushStored(key), STORED_NOTICE_MS)
    timer.unref()
    this.storedNotices.set(key, { ranges: [], timer })
  }

  /** Publishes the ranges stored since the last notice; the next ones wait again if there were any. */
  private flushStored(key: string): void {
    const notice = this.storedNotices.get(key)
    if (!notice) return
    clearTimeout(notice.timer)
    this.storedNotices.delete(key)
    if (notice.ranges.length === 0) return
    this.send(key, 's', JSON.stringify(notice.ranges))
    if (this.rooms.has(key) && !this.stopped) this.holdStored(key)
  }

  /**
   * The doc may hold edits relayed by another node that no node has stored (that node may have
   * died). They are stored here before it unloads, or they would be lost; once per load, so a
   * document whose adopted edits cannot all be acknowledged still unloads.
   */
  releasable(room: LiveDocument): boolean {
    if (this.adoptedOnIdle.has(room)) return true
    if (!room.adoptUnstored()) return true
    this.adoptedOnIdle.add(room)
    this.stats.adopted++
    return false
  }

  publishAwareness(room: LiveDocument, update: Uint8Array): void {
    this.awareness.publish(room, update)
  }

  get connected(): boolean {
    return this.streams.connected
  }

  get roomCount(): number {
    return this.rooms.size
  }

  async close(): Promise<void> {
    this.stopped = true
    clearInterval(this.sweep)
    for (const key of [...this.storedNotices.keys()]) this.flushStored(key)
    this.opts.redis.off('close', this.onLost)
    this.opts.redis.off('ready', this.onReady)
    this.reader.disconnect()
    this.awareness.close()
  }

  private send(key: string, type: 'u' | 's', data: Uint8Array | string): void {
    this.streams.add(key, type, data).then(
      (id) => {
        if (id) this.stats.published++
        else this.stats.publishFailures++
      },
      (err: unknown) => {
        this.stats.publishFailures++
        this.opts.log.warn({ err, doc: key }, 'relay: publish failed; the document resyncs when Redis is back')
      },
    )
  }

  private async wake(): Promise<void> {
    await this.streams.wake().catch(() => {})
  }

  /** Asks other nodes for whatever this node's copy lacks. Returns the request's stream id. */
  private async requestSync(room: LiveDocument): Promise<string | null> {
    return this.streams.add(room.key, 'v', Y.encodeStateVector(room.doc)).catch(() => null)
  }

  private async loop(): Promise<void> {
    let readAt = -Infinity
    while (!this.stopped) {
      // Under load a blocking XREAD returns at once with the few entries that arrived meanwhile,
      // and each call names every attached stream (Redis looks each one up): reads at most every
      // READ_INTERVAL_MS let each one carry more, for at most that much added propagation delay.
      const wait = readAt + READ_INTERVAL_MS - performance.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      if (this.stopped) return
      readAt = performance.now()
      const keys = [this.streams.wakeKey, ...[...this.rooms.keys()].map((id) => this.streams.key(id))]
      const ids = [this.wakeId, ...[...this.rooms.values()].map((a) => a.lastId)]
      let batch: Map<string, Entry[]>
      try {
        batch = await RelayStreams.read(this.reader, keys, ids, 10_000)
      } catch {
        if (this.stopped) return
        await new Promise((r) => setTimeout(r, 250)) // Redis is away; ioredis is reconnecting
        continue
      }
      for (const [key, entries] of batch) {
        if (key === this.streams.wakeKey) {
          this.wakeId = entries.at(-1)?.id ?? this.wakeId
          continue
        }
        const a = this.rooms.get(key.slice(this.streams.docPrefix.length))
        if (!a) continue
        for (const e of entries) {
          a.lastId = e.id
          this.deliver(a, e)
        }
      }
    }
  }

  private deliver(a: Attached, e: Entry): void {
    if (a.queue) {
      a.queue.push(e)
      return
    }
    if (e.node === this.self) return
    try {
      if (e.type === 'u') {
        this.stats.received++
        a.room.applyRemote(new Uint8Array(e.data))
      } else if (e.type === 's') {
        a.room.markStored(JSON.parse(e.data.toString()) as StoredRanges, false)
      } else if (e.type === 'v' && a.liveFrom && idAfter(e.id, a.liveFrom)) {
        this.answer(a.room, new Uint8Array(e.data))
      }
    } catch (err) {
      this.opts.log.warn({ err, doc: a.room.key, entry: e.id }, 'relay: unreadable entry skipped')
    }
  }

  /** Sends a node what it lacks; asks in turn if it holds something this node lacks. */
  private answer(room: LiveDocument, theirs: Uint8Array): void {
    const diff = Y.encodeStateAsUpdate(room.doc, theirs)
    if (updateHasContent(diff)) this.send(room.key, 'u', diff)
    const mine = Y.decodeStateVector(Y.encodeStateVector(room.doc))
    for (const [client, clock] of Y.decodeStateVector(theirs)) {
      if ((mine.get(client) ?? 0) < clock) {
        void this.requestSync(room)
        return
      }
    }
  }

  private readonly onLost = (): void => {
    this.lost = true
  }

  /** Back after losing Redis: whatever was published meanwhile may be gone, so resync. */
  private readonly onReady = (): void => {
    if (!this.lost || this.stopped) return
    this.lost = false
    this.stats.resyncs++
    this.opts.log.info({ rooms: this.rooms.size }, 'relay: Redis is back; resyncing rooms')
    void this.wake()
    for (const a of this.rooms.values()) if (!a.queue) void this.resync(a)
  }

  private async resync(a: Attached): Promise<void> {
    try {
      const stored = await this.opts.loadStored(a.room.roomId, a.room.name)
      if (this.rooms.get(a.room.key) !== a || a.room.doc.isDestroyed) return
      const merged = Y.mergeUpdates(stored)
      a.room.applyRemote(merged)
      // Everything storage holds is durable, whichever node wrote it (notices may be lost).
      a.room.markDurable(Y.encodeStateVectorFromUpdate(merged))
    } catch (err) {
      this.opts.log.warn({ err, doc: a.room.key }, 'relay: storage resync failed; state vectors still sync')
    }
    a.liveFrom = (await this.requestSync(a.room)) ?? a.liveFrom
  }

  /** Stores edits that have stayed unstored for a whole sweep while this node has none queued. */
  private adoptOrphans(): void {
    for (const a of this.rooms.values()) {
      if (a.queue || !a.room.isReady) continue
      const room = a.room
      if (a.unstored && !room.durable.covers(a.unstored) && !room.writing && room.adoptUnstored()) this.stats.adopted++
      const sv = Y.decodeStateVector(Y.encodeStateVector(room.doc))
      a.unstored = room.durable.covers(sv) ? undefined : sv
    }
  }
}
