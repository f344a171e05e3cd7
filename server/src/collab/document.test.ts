import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MemoryPersistence, TestClient, drain, rng, testDocument } from './testing.ts'

function setup(initial: Uint8Array[] = []) {
  const persistence = new MemoryPersistence(initial)
  let idle = 0
  const room = testDocument(persistence, { idle: () => idle++ })
  return { room, persistence, idle: () => idle }
}

describe('LiveDocument (transport-free core)', () => {
  it('converges under any delivery order, random edits and disconnects (seeded)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.array(fc.tuple(fc.nat(2), fc.constantFrom('insert', 'delete', 'toggle', 'deliver'), fc.nat(40), fc.string({ maxLength: 4 })), { maxLength: 60 }),
        async (seed, ops) => {
          const { room, persistence } = setup()
          await room.ready
          const random = rng(seed)
          const clients = ['a', 'b', 'c'].map((n) => new TestClient(n, () => room))
          for (const c of clients) c.connect()
          for (const [who, op, pos, s] of ops) {
            const c = clients[who]!
            const text = c.doc.getText('code')
            if (op === 'insert') text.insert(Math.min(pos, text.length), s || 'x')
            else if (op === 'delete' && text.length > 0) text.delete(Math.min(pos, text.length - 1), 1)
            else if (op === 'toggle') c.connected ? c.disconnect() : c.connect()
            else for (let i = 0; i < pos % 5; i++) drain([c], random, 1_000_000)
          }
          for (const c of clients) if (!c.connected) c.connect()
          drain(clients, random)
          const texts = clients.map((c) => c.doc.getText('code').toString())
          expect(new Set(texts).size).toBe(1)
          expect(room.doc.getText('code').toString()).toBe(texts[0])
          // What the persistence received rebuilds the same document.
          persistence.flush()
          const replay = new Y.Doc()
          for (const u of persistence.stored) Y.applyUpdate(replay, u)
          expect(replay.getText('code').toString()).toBe(texts[0])
        },
      ),
      { numRuns: 60 },
    )
  })

  it('buffers messages until the document is loaded and never serves an empty doc first', async () => {
    const seed = new Y.Doc()
    seed.getText('code').insert(0, 'stored code')
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const persistence = new MemoryPersistence([Y.encodeStateAsUpdate(seed)])
    const slow = { ...persistence, load: async () => (await gate, persistence.load()), enqueue: persistence.enqueue.bind(persistence), hasPending: () => false, accepting: () => true, roomLogBytes: () => 0 }
    const room = testDocument(slow)
    const c = new TestClient('a', () => room)
    c.connect()
    c.doc.getText('code').insert(0, 'typed early ')
    drain([c], rng(1))
    expect(c.down).toHaveLength(0) // nothing sent while loading
    release()
    await room.ready
    drain([c], rng(2))
    const text = c.doc.getText('code').toString()
    expect(text).toContain('typed early ')
    expect(text).toContain('stored code')
    expect(room.doc.getText('code').toString()).toBe(text)
  })

  it('drops observer writes in the protocol layer', async () => {
    const { room } = setup()
    await room.ready
    const writer = new TestClient('w', () => room)
    const observer = new TestClient('o', () => room, true)
    writer.connect()
    observer.connect()
    drain([writer, observer], rng(3))
    observer.doc.getText('code').insert(0, 'nope')
    writer.doc.getText('code').insert(0, 'yes')
    drain([writer, observer], rng(4))
    expect(room.doc.getText('code').toString()).toBe('yes')
    expect(writer.doc.getText('code').toString()).toBe('yes')
  })

  it('goes idle only when the last session left and nothing is pending', async () => {
    const { room, persistence, idle } = setup()
    await room.ready
    const c = new TestClient('a', () => room)
    c.connect()
    c.doc.getText('code').insert(0, 'x')
    drain([c], rng(5))
    c.disconnect()
    expect(idle()).toBe(0) // an update is still pending
    persistence.flush()
    expect(idle()).toBe(1)
  })

  it('closes a session that sends garbage, leaving others connected', async () => {
    const { room } = setup()
    await room.ready
    const good = new TestClient('g', () => room)
    const bad = new TestClient('b', () => room)
    good.connect()
    bad.connect()
    drain([good, bad], rng(6))
    room.receive(bad.session!.id, new Uint8Array([0, 2, 250, 3, 1]))
    expect(bad.closedWith).toBe(4400)
    good.doc.getText('code').insert(0, 'ok')
    drain([good], rng(7))
    expect(room.doc.getText('code').toString()).toBe('ok')
    expect(room.sessionCount).toBe(1)
  })
})
