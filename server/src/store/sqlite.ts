import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { Kysely } from 'kysely'
import { KyselyStore } from './kysely-store.ts'
import type { Database as Schema } from './schema.ts'
import { ThreadedSqliteDialect, type ThreadedSqliteDriver } from './sqlite-thread.ts'
import type { AppendResult, RoomQuota, UpdateRecord } from './types.ts'

/**
 * The embedded default: one SQLite file. `:memory:` gives a throwaway store for tests. The
 * database lives on a worker thread (see ThreadedSqliteDialect), so no query or commit ever
 * blocks the event loop that relays edits.
 */
export function createSqliteStore(file: string, quota?: RoomQuota): KyselyStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const dialect = new ThreadedSqliteDialect(file)
  const db = new Kysely<Schema>({ dialect })
  return new SqliteStore(db, dialect.driver, quota)
}

/** The Kysely store, with the update log's batches written by the SQLite thread's own insert. */
class SqliteStore extends KyselyStore {
  constructor(db: Kysely<Schema>, private readonly driver: ThreadedSqliteDriver, quota?: RoomQuota) {
    super(db, 'sqlite', undefined, quota)
  }

  override appendUpdates(batch: UpdateRecord[]): Promise<AppendResult> {
    return this.driver.appendUpdates(batch)
  }
}
