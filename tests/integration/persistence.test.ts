import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSqliteStore } from '@nudge/server/store/sqlite.ts'
import type { Store } from '@nudge/server/store/types.ts'
import { yjsClient } from '../utils/clients.ts'
import { startServer } from '../utils/server.ts'
import { docFrom, nudgeMessages } from '../utils/yjs.ts'
import { waitFor } from '../utils/wait.ts'

/** A real SQLite store whose update writes can be made to fail, like a full disk or a lost database. */
function flakyStore() {
  const inner = createSqliteStore(join(mkdtempSync(join(tmpdir(), 'nudge-flaky-')), 'nudge.db'))
  let failing = false
  let attempts = 0
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'appendUpdates') {
        return async (batch: Parameters<Store['appendUpdates']>[0]) => {
          attempts++
          if (failing) throw new Error('disk I/O error (simulated)')
          return target.appendUpdates(batch)
        }
      }
      const v = Reflect.get(target, prop, receiver)
      return typeof v === 'function' ? v.bind(target) : v
    },
  }) as Store
  return { store, setFailing: (f: boolean) => (failing = f), attempts: () => attempts }
}

describe('durable update log', () => {
  it('keeps edits in memory while writes fail, gives no durable ack, and stores them after', async () => {
    const flaky = flakyStore()
    const s = await startServer({ store: flaky.store })
    const room = await s.createRoom()
    const c = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate, nudge: '1' })
    const durable = nudgeMessages(c)
    await c.synced()
    await waitFor(() => durable.covers(c.doc), 'initial durable state')
    flaky.setFailing(true)
    const before = flaky.attempts()
    c.text.insert(0, 'precious code')
    await waitFor(() => flaky.attempts() >= before + 2, 'write retried')
    expect(durable.covers(c.doc)).toBe(false)
    const ready = await fetch(`${s.url}/readyz`)
    expect(ready.status).toBe(503)
    expect(JSON.stringify(await ready.json())).toContain('kept in memory')
    flaky.setFailing(false)
    await waitFor(() => durable.covers(c.doc), 'durable after storage recovers', 10_000)
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200)
    const replay = docFrom((await s.app.store.listUpdates(room.id, 'code')).map((u) => u.data))
    expect(replay.getText('code').toString()).toBe('precious code')
  })

  it('unloads a room once its last connection left and its writes are stored', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const c = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    await c.synced()
    c.text.insert(0, 'x')
    expect(s.app.collab.get(room.id)).toBeDefined()
    c.provider.destroy()
    await waitFor(() => s.app.collab.get(room.id) === undefined, 'room unloaded')
    const again = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await again.synced()
    expect(again.text.toString()).toBe('x')
  })

  it('records author and server time of each update, and compacts long logs into a snapshot', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const c = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    await c.synced()
    const t0 = Date.now()
    // Enough separate batches to pass the compaction threshold (64 updates, 16 KiB).
    for (let i = 0; i < 80; i++) {
      c.text.insert(c.text.length, `line ${i} ${'x'.repeat(300)}\n`)
      await waitFor(async () => (await s.app.store.listUpdates(room.id, 'code')).length >= i + 2, `batch ${i} stored`)
    }
    const log = await s.app.store.listUpdates(room.id, 'code')
    expect(log[0]!.author).toBe('server')
    expect(log.slice(1).every((u) => u.author === 'api-candidate' && u.createdAt >= t0)).toBe(true)
    await waitFor(async () => (await s.app.store.loadDocument(room.id, 'code')).snapshot !== null, 'snapshot written')
    const loaded = await s.app.store.loadDocument(room.id, 'code')
    const doc = docFrom([loaded.snapshot!.data, ...loaded.updates.map((u) => u.data)])
    expect(doc.getText('code').toString()).toBe(c.text.toString())
    expect(loaded.updates.length).toBeLessThan(log.length)
  })
})
