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

describe('migrations 0007 and 0008 (log bytes, room owners)', () => {
  it('counts the log bytes of rooms stored before them and finds the owners of cohort and loop rooms', async () => {
    const store = createSqliteStore(':memory:')
    const migrator = new Migrator({ db: store.db, provider: new StaticMigrations('sqlite') })
    expect((await migrator.migrateTo('0005_loops')).error).toBeUndefined()
    for (const id of ['plain', 'seat', 'stage']) await sql`insert into rooms (id, title, created_at, epoch) values (${id}, 'T', 1, 'e')`.execute(store.db)
    await sql`insert into doc_updates (room_id, doc, data, author, created_at) values
      ('plain', 'code', ${new Uint8Array(5)}, 'p1', 2), ('plain', 'board', ${new Uint8Array(7)}, 'p1', 3), ('seat', 'code', ${new Uint8Array(1)}, 'p1', 4)`.execute(store.db)
    await sql`insert into room_usage (room_id, events, event_bytes, active_at) values ('plain', 1, 2, 9)`.execute(store.db)
    await sql`insert into cohorts (id, name, organizer_hash, link_key, created_at, ended_at) values ('c1', 'C', 'h', 'k', 1, null)`.execute(store.db)
    await sql`insert into cohort_sessions (id, cohort_id, data, created_at) values ('s1', 'c1', ${JSON.stringify({ rounds: [[{ roomId: 'seat' }, { roomId: 'gone' }]] })}, 1)`.execute(store.db)
    await sql`insert into loops (id, owner_hash, link_key, data, created_at) values ('l1', 'h', 'k', '{}', 1)`.execute(store.db)
    await sql`insert into room_state (room_id, key, value, updated_at) values ('stage', 'loop', ${JSON.stringify({ loopId: 'l1', stage: 1 })}, 1)`.execute(store.db)
    await store.migrate()
    expect(await store.roomUsage('plain')).toMatchObject({ events: 1, eventBytes: 2, logBytes: 12, activeAt: 9 })
    expect(await store.roomUsage('seat')).toMatchObject({ events: 0, logBytes: 1, activeAt: 1 })
    expect(await store.db.selectFrom('room_owners').selectAll().orderBy('room_id').execute()).toEqual([
      { room_id: 'seat', kind: 'cohort', owner_id: 'c1' },
      { room_id: 'stage', kind: 'loop', owner_id: 'l1' },
    ])
    expect(await store.listIdleRooms(1_000, 10)).toEqual(['plain'])
    await store.close()
  })
})
