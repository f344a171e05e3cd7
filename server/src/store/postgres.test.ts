import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll } from 'vitest'
import { createPostgresStore } from './postgres.ts'
import { storeContract } from './store.contract.ts'

/**
 * The same contract as SQLite, against a real PostgreSQL. Each run gets its own schema (dropped
 * afterwards) so parallel runs never collide. No skip when PostgreSQL is unreachable: the suite
 * fails, loudly, because a green run that tested nothing would hide a broken scaled mode.
 */
const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `nudge_contract_${randomBytes(6).toString('hex')}`
const schemaUrl = (url: string, s: string) => {
  const u = new URL(url)
  u.searchParams.set('options', `-c search_path=${s}`)
  return u.toString()
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5000 })
  try {
    await c.connect()
  } catch (err) {
    throw new Error(`PostgreSQL is unreachable at ${base} (set TEST_DATABASE_URL): ${String(err)}`)
  }
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

storeContract('postgres', async () => {
  await admin((c) => c.query(`create schema ${schema}`))
  return createPostgresStore(schemaUrl(base, schema), { max: 3 })
})

afterAll(async () => {
  await admin((c) => c.query(`drop schema if exists ${schema} cascade`))
})
