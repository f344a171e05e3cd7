import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { clientCommands, type ClientCommandName } from '@nudge/shared'
import { command, roomSocket, type ClientSocket } from '../utils/clients.ts'
import { startServer } from '../utils/server.ts'
import { nextEvent } from '../utils/wait.ts'

/** Payloads a hostile client might send: anything JSON-like, and objects with plausible keys. */
const payload = fc.oneof(
  fc.anything({ maxDepth: 3, maxKeys: 5, withNullPrototype: true }),
  fc.dictionary(fc.constantFrom('text', 'name', 'tier', 'id', 'runId', 'questionId', 'to', 'phases', 'code', '__proto__', 'constructor'), fc.anything({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.string({ maxLength: 50 }),
)

/**
 * Property: whatever payload any role sends with any command, the server answers with an ack
 * that is a success or a named client error, never INTERNAL, and the room keeps working.
 * Commands are spread over two connections of each seat so no seat's budget runs out (RATE_LIMITED comes
 * before validation, and would hide what is being tested).
 */
describe('fuzzing every Socket.IO command', () => {
  it('answers random payloads with a client error or success, never INTERNAL', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    // Two connections per seat: each stays inside its connection's and its seat's burst.
    const sockets: ClientSocket[] = (['interviewer', 'candidate', 'observer', 'interviewer', 'candidate', 'observer'] as const).map((r) => roomSocket(s.url, room.id, room.tokens[r], { interviewer: 'Ivy', candidate: 'Ada', observer: 'Olu' }[r]))
    await Promise.all(sockets.map((c) => nextEvent(c, 'room:state')))
    const names = Object.keys(clientCommands) as ClientCommandName[]
    const samples = fc.sample(payload, { numRuns: names.length * 4, seed: 15 })
    const acks = await Promise.all(
      samples.map(async (p, i) => {
        const name = names[i % names.length]!
        const ack = await command(sockets[i % sockets.length]!, name, p as never)
        return { name, p, ack }
      }),
    )
    const internal = acks.filter((a) => !a.ack.ok && a.ack.error.code === 'INTERNAL')
    expect(internal.map((a) => ({ name: a.name, payload: a.p }))).toEqual([])
    expect(acks.filter((a) => !a.ack.ok && a.ack.error.code === 'RATE_LIMITED')).toEqual([])
    // The room still works for everyone.
    for (const c of sockets) expect((await command(c, 'interview:sync', {})).ok).toBe(true)
  })
})
