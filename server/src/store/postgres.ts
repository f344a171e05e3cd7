import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { KyselyStore } from './kysely-store.ts'
import type { Database } from './schema.ts'
import type { RoomQuota } from './types.ts'

const INT8 = 20

/**
 * bigint (int8) columns — ids and ms timestamps — come back as numbers, like SQLite's. Set on
 * this pool only, never on pg's global type registry. Values stay far below 2^53.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

export interface PostgresStoreOptions {
  /** Pool size; a node writes one batch at a time, so a few connections are plenty. */
  max?: number
  /** Reports errors of idle pooled connections (e.g. PostgreSQL restarted). */
  onIdleError?: (err: Error) => void
  /** What one room's event log may hold. */
  quota?: RoomQuota
}

/**
 * Scaled mode's store: the same KyselyStore and migrations as SQLite, over a pg Pool. A schema
 * other than `public` can be chosen with `?options=-c search_path=<schema>` in the URL.
 * Timeouts turn a hung or unreachable database into errors, so the update log keeps edits in
 * memory and retries instead of waiting forever.
 */
export function createPostgresStore(url: string, opts: PostgresStoreOptions = {}): KyselyStore {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    types,
    connectionTimeoutMillis: 5_000,
    query_timeout: 15_000,
    idleTimeoutMillis: 30_000,
    application_name: 'nudge',
  })
  // Without a listener, an idle client's socket error would crash the process.
  pool.on('error', (err) => opts.onIdleError?.(err))
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return new KyselyStore(db, 'postgres', undefined, opts.quota)
}
