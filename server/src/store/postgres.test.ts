import { randomBytes } from 'node:crypto'
import { afterAll } from 'vitest'
import { createPostgresStore } from './postgres.ts'
import { TEST_PG_URL, adminQuery, withSearchPath } from './postgres-testing.ts'
import { storeContract } from './store.contract.ts'

/**
 * The same contract as SQLite, against a real PostgreSQL. Each run gets its own schema (dropped
 * afterwards) so parallel runs never collide. No skip when PostgreSQL is unreachable: the suite
 * fails, loudly, because a green run that tested nothing would hide a broken scaled mode.
 */
const schema = `nudge_contract_${randomBytes(6).toString('hex')}`

let created = false
storeContract('postgres', async (quota) => {
  if (!created) await adminQuery(`create schema ${schema}`)
  created = true
  return createPostgresStore(withSearchPath(TEST_PG_URL, schema), { max: 3, quota })
})

afterAll(async () => {
  await adminQuery(`drop schema if exists ${schema} cascade`)
})
