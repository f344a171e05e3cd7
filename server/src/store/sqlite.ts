import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { Kysely } from 'kysely'
import { KyselyStore } from './kysely-store.ts'
import type { Database as Schema } from './schema.ts'
import { ThreadedSqliteDialect } from './sqlite-thread.ts'

/**
 * The embedded default: one SQLite file. `:memory:` gives a throwaway store for tests. The
 * database lives on a worker thread (see ThreadedSqliteDialect), so no query or commit ever
 * blocks the event loop that relays edits.
 */
export function createSqliteStore(file: string): KyselyStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Kysely<Schema>({ dialect: new ThreadedSqliteDialect(file) })
  return new KyselyStore(db, 'sqlite')
}
