import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { onTestFinished } from 'vitest'
import { createPostgresStore } from '@nudge/server/store/postgres.ts'
import { TEST_PG_URL, adminQuery as admin, withSearchPath } from '@nudge/server/store/postgres-testing.ts'
import { spawnServer, type ServerProcess } from './process.ts'

/** Scaled-mode fixtures: a fresh PostgreSQL schema and Redis key prefix per test, real node processes. */
export const PG_URL = TEST_PG_URL
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
export { withSearchPath }

/** A fresh, migrated schema; dropped after the test. Returns a DATABASE_URL that uses it. */
export async function freshDatabase(base = PG_URL): Promise<string> {
  const schema = `nudge_t_${randomBytes(6).toString('hex')}`
  await admin(`create schema ${schema}`)
  onTestFinished(() => admin(`drop schema if exists ${schema} cascade`))
  const url = withSearchPath(base, schema)
  const store = createPostgresStore(url, { max: 1 })
  await store.migrate()
  await store.close()
  return url
}

/** A unique key prefix; its keys are deleted after the test. */
export async function freshRedisPrefix(url = REDIS_URL): Promise<string> {
  const prefix = `nudge-t-${randomBytes(5).toString('hex')}:`
  const quiet = { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null }
  const r = new Redis(url, quiet).on('error', () => {})
  try {
    await r.connect()
    await r.ping()
  } catch (err) {
    r.disconnect()
    throw new Error(`Redis is unreachable at ${url} (set TEST_REDIS_URL): ${String(err)}`)
  }
  r.disconnect()
  onTestFinished(async () => {
    // A test's private Redis may already be gone; then there is nothing to clean up.
    const c = new Redis(url, quiet).on('error', () => {})
    try {
      await c.connect()
      const keys = await c.keys(`${prefix}*`)
      if (keys.length) await c.del(...keys)
    } catch {
      // unreachable: nothing left to delete
    } finally {
      c.disconnect()
    }
  })
  return prefix
}

export interface Cluster {
  databaseUrl: string
  redisUrl: string
  prefix: string
  nodes: ServerProcess[]
  /** Starts one more node sharing the same database and Redis. */
  add(env?: Record<string, string>): Promise<ServerProcess>
}

const SECRET = 'multinode-test-ticket-secret-0123456789'

/** N Nudge processes sharing one fresh PostgreSQL schema and one Redis prefix. */
export async function startCluster(n: number, env: Record<string, string> = {}): Promise<Cluster> {
  const databaseUrl = env.DATABASE_URL ?? (await freshDatabase())
  const redisUrl = env.REDIS_URL ?? REDIS_URL
  const prefix = await freshRedisPrefix(redisUrl)
  const nodes: ServerProcess[] = []
  let started = 0
  const add = async (extra: Record<string, string> = {}) => {
    const node = await spawnServer({
      DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, TICKET_SECRET: SECRET,
      NODE_ID: `node${++started}`, PERSIST_BATCH_MS: '10', ...env, ...extra,
    })
    nodes.push(node)
    return node
  }
  await Promise.all(Array.from({ length: n }, () => add()))
  return { databaseUrl, redisUrl, prefix, nodes, add }
}

/** Creates a room over HTTP and returns its id and the invite secrets. */
export async function createRoom(url: string, body: object = {}) {
  const res = await fetch(`${url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (res.status !== 201) throw new Error(`create room: ${res.status} ${await res.text()}`)
  const json = (await res.json()) as { id: string; invites: Record<'candidate' | 'interviewer' | 'observer', string> }
  const token = (u: string) => new URL(u).hash.replace('#token=', '')
  return {
    id: json.id,
    tokens: { candidate: token(json.invites.candidate), interviewer: token(json.invites.interviewer), observer: token(json.invites.observer) },
  }
}
