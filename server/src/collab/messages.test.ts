import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyAwarenessEntries, awarenessProtocol, encoding, readAwareness, stampAwareness } from './messages.ts'

const identity = { name: 'Ada', role: 'candidate', participantId: 'p-1' }

/** An awareness update as a client encodes it: [clientId, clock, state JSON] per entry. */
function update(entries: [number, number, string][]): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, entries.length)
  for (const [id, clock, json] of entries) {
    encoding.writeVarUint(e, id)
    encoding.writeVarUint(e, clock)
    encoding.writeVarString(e, json)
  }
  return encoding.toUint8Array(e)
}

function serverAwareness() {
  const a = new awarenessProtocol.Awareness(new Y.Doc())
  a.setLocalState(null)
  return a
}

describe('awareness messages, read once', () => {
  it('refuses a state longer than the limit before parsing it, and throws on JSON it cannot read', () => {
    expect(readAwareness(update([[1, 1, JSON.stringify({ pad: 'x'.repeat(100) })]]), 50)).toBeNull()
    expect(() => readAwareness(update([[1, 1, '{not json']]), 1000)).toThrow()
    expect(readAwareness(update([[1, 1, 'null']]), 1000)).toEqual([{ clientId: 1, clock: 1, state: null, json: 'null' }])
  })

  it('stamps the identity the server has over whatever the client said, keeping the rest of the state', () => {
    const entries = readAwareness(update([[7, 3, JSON.stringify({ cursor: { a: 1 }, user: { name: 'Mallory', role: 'interviewer', color: '#f00' } })], [8, 2, '5']]), 1000)!
    const { update: out, same } = stampAwareness(entries, identity)
    expect(same).toBe(false)
    const back = readAwareness(out, 1000)!
    expect(back[0]!.state).toEqual({ cursor: { a: 1 }, user: { name: 'Ada', role: 'candidate', color: '#f00', participantId: 'p-1' } })
    // A state that is not an object becomes one holding only the identity.
    expect(back[1]!.state).toEqual({ user: identity })
    expect(back.map((e) => [e.clientId, e.clock])).toEqual([[7, 3], [8, 2]])
    // The stamped states are the entries' own (what is applied is what is forwarded).
    expect(entries[0]!.state).toEqual(back[0]!.state)
  })

  it('says when the stamped update is the one that came, so its frame can be forwarded as it came', () => {
    const stamped = JSON.stringify({ cursor: null, user: { color: '#0f0', ...identity } })
    const input = update([[7, 4, stamped], [9, 1, 'null']])
    const { update: out, same } = stampAwareness(readAwareness(input, 1000)!, identity)
    expect(same).toBe(true)
    expect(Buffer.compare(Buffer.from(out), Buffer.from(input))).toBe(0)
  })

  it('applies entries by the same clock rules as y-protocols, and reports added, updated and removed', () => {
    const steps: [number, number, string][][] = [
      [[1, 1, '{"c":1}'], [2, 1, '{"c":2}']],
      [[1, 2, '{"c":3}'], [2, 1, '{"c":9}']], // 2's clock did not advance: ignored
      [[1, 1, '{"c":0}']], // stale
      [[2, 1, 'null']], // same clock, removal: applied
      [[1, 3, 'null'], [3, 5, '{"c":5}']],
    ]
    const ours = serverAwareness()
    const theirs = serverAwareness()
    const events: unknown[] = []
    ours.on('update', (e: unknown, origin: unknown) => events.push([e, origin]))
    for (const step of steps) {
      const u = update(step)
      applyAwarenessEntries(ours, readAwareness(u, 1000)!, 'me')
      awarenessProtocol.applyAwarenessUpdate(theirs, u, 'me')
      expect([...ours.getStates()]).toEqual([...theirs.getStates()])
      // Each server awareness has its own random client id (holding no state): compare the clients'.
      const clocks = (a: awarenessProtocol.Awareness) => [...a.meta].filter(([id]) => id !== a.clientID).map(([id, m]) => [id, m.clock])
      expect(clocks(ours)).toEqual(clocks(theirs))
    }
    expect(events).toEqual([
      [{ added: [1, 2], updated: [], removed: [] }, 'me'],
      [{ added: [], updated: [1], removed: [] }, 'me'],
      [{ added: [], updated: [], removed: [2] }, 'me'],
      [{ added: [3], updated: [], removed: [1] }, 'me'],
    ])
    ours.destroy()
    theirs.destroy()
  })
})
