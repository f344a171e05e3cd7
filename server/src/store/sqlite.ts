import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { KyselyStore } from './kysely-store.ts'
import type { Database as Schema } from './schema.ts'

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
  return new KyselyStore(db, 'sqlite')
}
