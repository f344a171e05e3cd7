import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSqliteStore } from './sqlite.ts'
import { storeContract } from './store.contract.ts'

storeContract('sqlite (file)', async (quota) => createSqliteStore(join(mkdtempSync(join(tmpdir(), 'nudge-store-')), 'nudge.db'), quota))
storeContract('sqlite (memory)', async (quota) => createSqliteStore(':memory:', quota))

describe('sqlite update-log batches', () => {
  it('wait for a transaction in progress instead of joining it (a rollback never takes stored edits with it)', async () => {
    const store = createSqliteStore(':memory:')
    await store.migrate()
    await store.createRoom({ id: 'r1', title: 'T', createdAt: 1, epoch: 'e' }, [{ role: 'candidate', tokenHash: 'h' }], null)
    let appended: Promise<Map<string, number>> | null = null
    await expect(
      store.db.transaction().execute(async (trx) => {
        await trx.insertInto('room_events').values({ room_id: 'r1', type: 't', actor: 'a', payload: '{}', created_at: 1 }).execute()
        appended = store.appendUpdates([{ roomId: 'r1', doc: 'code', data: new Uint8Array([1]), author: 'p1', createdAt: 2 }])
        // Let the append reach the driver while this transaction still holds the connection.
        await trx.selectFrom('rooms').select('id').execute()
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    const ids = await appended!
    expect(await store.listEvents('r1')).toEqual([])
    expect((await store.listUpdates('r1', 'code')).map((u) => [u.id, Array.from(u.data)])).toEqual([[ids.get('r1/code'), [1]]])
    await store.close()
  })
})
