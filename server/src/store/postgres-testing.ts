import pg from 'pg'

/** Test helpers for the PostgreSQL store (its contract suite and the scaled-mode tests). */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** The URL with `search_path` set to `schema`: each test run gets its own tables. */
export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url)
  u.searchParams.set('options', `-c search_path=${schema}`)
  return u.toString()
}

/**
 * Runs one statement on its own connection. Unreachable PostgreSQL is an error that says so —
 * never a skip: a green run that tested nothing would hide a broken scaled mode.
 */
export async function adminQuery(sql: string, url = TEST_PG_URL): Promise<void> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  try {
    await c.connect()
  } catch (err) {
    throw new Error(`PostgreSQL is unreachable at ${url} (set TEST_DATABASE_URL): ${String(err)}`)
  }
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}
