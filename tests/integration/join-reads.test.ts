import { describe, expect, it } from 'vitest'
import { CHAT_CALL_LIMITS } from '@nudge/shared'
import { createSqliteStore } from '@nudge/server/store/sqlite.ts'
import type { Store } from '@nudge/server/store/types.ts'
import { command, roomSocket } from '../utils/clients.ts'
import { startServer } from '../utils/server.ts'
import { nextEvent } from '../utils/wait.ts'

/** The store, with every event-log read recorded (which method, how many rows). */
function countingStore(inner: Store) {
  const reads: { method: string; rows: number }[] = []
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown
      if ((prop === 'listEvents' || prop === 'latestEvents') && typeof value === 'function') {
        return async (...args: unknown[]) => {
          const rows = (await (value as (...a: unknown[]) => Promise<unknown[]>).apply(target, args))
          reads.push({ method: prop, rows: rows.length })
          return rows
        }
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
  return { store, reads }
}

describe('joining a room reads a bounded part of its event log', () => {
  it('run history and chat history come from bounded reads of the newest events, however long the log', async () => {
    const { store, reads } = countingStore(createSqliteStore(':memory:'))
    const s = await startServer({ store })
    const room = await s.createRoom()
    const at = Date.now()
    // A long history: 3,000 events of other kinds and 300 chat messages.
    await store.commit({ events: Array.from({ length: 3000 }, (_, i) => ({ roomId: room.id, type: 'note.added', actor: 'x', payload: { i }, createdAt: at })) })
    const from = { id: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'Ivy', role: 'interviewer' as const }
    await store.commit({
      events: Array.from({ length: 300 }, (_, i) => ({ roomId: room.id, type: 'chat.sent', actor: from.id, payload: { id: `msg${String(i).padStart(4, '0')}`, at, from, to: null, text: `m${i}` }, createdAt: at })),
    })
    reads.length = 0

    const ada = roomSocket(s.url, room.id, room.tokens.candidate, 'Ada')
    const runs = nextEvent<{ runs: unknown[] }>(ada, 'run:history')
    await nextEvent(ada, 'room:state')
    expect((await runs).runs).toEqual([])
    const history = await command(ada, 'chat:history', {})
    expect(history.ok && history.data.messages.map((m) => m.text)).toEqual(Array.from({ length: CHAT_CALL_LIMITS.chatHistory }, (_, i) => `m${100 + i}`))

    expect(reads.filter((r) => r.method === 'listEvents')).toEqual([])
    for (const r of reads) expect(r.rows).toBeLessThanOrEqual(CHAT_CALL_LIMITS.chatHistory * 4)
  })
})
