import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { KyselyStore } from './kysely-store.ts'
import type { Database as Schema } from './schema.ts'
import { SqliteAppender } from './sqlite-appender.ts'
import type { UpdateRecord } from './types.ts'

/** The embedded default: one SQLite file. `:memory:` gives a throwaway store for tests. */
export function createSqliteStore(file: string): KyselyStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const sqlite = new Database(file)
  // WAL lets readers run beside the writer; synchronous=FULL fsyncs each commit so an
  // acknowledged ("saved") edit survives a crash of the process or the machine.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) })
  // A second connection needs a file; an in-memory store writes its log on the main thread.
  return file === ':memory:' ? new KyselyStore(db, 'sqlite') : new SqliteFileStore(db, new SqliteAppender(file))
}

/**
 * The file-backed store: document updates — by far the most frequent write — are appended from
 * a worker thread (see SqliteAppender), so the event loop never waits on their commit and fsync.
 */
class SqliteFileStore extends KyselyStore {
  constructor(db: Kysely<Schema>, private readonly appender: SqliteAppender) {
    super(db, 'sqlite', async () => {
      await appender.close()
      await db.destroy()
    })
  }

  override appendUpdates(batch: UpdateRecord[]): Promise<void> {
    return this.appender.append(batch)
  }
}
