import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Migrator, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { StaticMigrations } from './migrations/index.ts'
import { createSqliteStore } from './sqlite.ts'
import { storeContract } from './store.contract.ts'
import type { AppendResult } from './types.ts'

storeContract('sqlite (file)', async (quota) => createSqliteStore(join(mkdtempSync(join(tmpdir(), 'nudge-store-')), 'nudge.db'), quota))
storeContract('sqlite (memory)', async (quota) => createSqliteStore(':memory:', quota))

describe('sqlite update-log batches', () => {
  it('wait for a transaction in progress instead of joining it (a rollback never takes stored edits with it)', async () => {
    const store = createSqliteStore(':memory:')
    await store.migrate()
    await store.createRoom({ id: 'r1', title: 'T', createdAt: 1, epoch: 'e' }, [{ role: 'candidate', tokenHash: 'h' }], null)
    let appended: Promise<AppendResult> | null = null
    await expect(
      store.db.transaction().execute(async (trx) => {
        await trx.insertInto('room_events').values({ room_id: 'r1', type: 't', actor: 'a', payload: '{}', created_at: 1 }).execute()
        appended = store.appendUpdates([{ roomId: 'r1', doc: 'code', data: new Uint8Array([1]), author: 'p1', createdAt: 2 }])
        // Let the append reach the driver while this transaction still holds the connection.
        await trx.selectFrom('rooms').select('id').execute()
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    const { lastIds: ids } = await appended!
    expect(await store.listEvents('r1')).toEqual([])
    expect((await store.listUpdates('r1', 'code')).map((u) => [u.id, Array.from(u.data)])).toEqual([[ids.get('r1/code'), [1]]])
    await store.close()
  })
})

describe('migration 0003 (several documents per room)', () => {
  it('keeps a room stored before it as its code document: snapshot and log', async () => {
    const store = createSqliteStore(':memory:')
    const migrator = new Migrator({ db: store.db, provider: new StaticMigrations('sqlite') })
    expect((await migrator.migrateTo('0002_cohorts')).error).toBeUndefined()
    await sql`insert into rooms (id, title, created_at, epoch) values ('r1', 'T', 1, 'e')`.execute(store.db)
    await sql`insert into doc_updates (room_id, data, author, created_at) values ('r1', ${new Uint8Array([1])}, 'p1', 2), ('r1', ${new Uint8Array([2])}, 'p1', 3)`.execute(store.db)
    await sql`insert into doc_snapshots (room_id, data, last_update_id, created_at) values ('r1', ${new Uint8Array([9])}, 1, 4)`.execute(store.db)
    await store.migrate()
    expect(await store.loadDocument('r1', 'code')).toEqual({ snapshot: { data: new Uint8Array([9]), lastUpdateId: 1 }, updates: [{ id: 2, data: new Uint8Array([2]) }] })
    expect((await store.listUpdates('r1', 'code')).map((u) => u.doc)).toEqual(['code', 'code'])
    expect(await store.loadDocument('r1', 'board')).toEqual({ snapshot: null, updates: [] })
    await store.close()
  })
})
