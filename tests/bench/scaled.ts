import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { Redis } from 'ioredis'
import { createPostgresStore } from '@nudge/server/store/postgres.ts'
import { TEST_PG_URL, adminQuery, withSearchPath } from '@nudge/server/store/postgres-testing.ts'
import { buildRun, describe } from './measure.ts'
import type { BenchOptions } from './options.ts'
import { takeTurns } from './phases.ts'
import type { ScaledResult } from './results.ts'
import { ServerProc, statTicks } from './servers.ts'
import { log, Session, sleep } from './session.ts'
import { round } from './stats.ts'

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'
const PG_URL = process.env.BENCH_DATABASE_URL ?? TEST_PG_URL

/** CPU ticks of every process whose command name is `comm` (PostgreSQL forks a backend per connection). */
function ticksOf(comm: string): Map<number, number> {
  const out = new Map<number, number>()
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() !== comm) continue
      out.set(Number(d), statTicks(`/proc/${d}/stat`))
    } catch {
      // the process exited meanwhile
    }
  }
  return out
}

/** CPU % of one core the processes named `comm` used between two readings (new processes count whole). */
function cpuBetween(a: Map<number, number>, b: Map<number, number>, seconds: number): number | null {
  if (b.size === 0 || seconds <= 0) return null
  let ticks = 0
  for (const [pid, t] of b) ticks += t - (a.get(pid) ?? 0)
  return round((ticks / 100 / seconds) * 100, 1)
}

/**
 * `pnpm bench --scaled`: one Nudge node on SQLite and a two-node cluster (PostgreSQL + the Redis
 * streams relay) take turns under the same workload at `--rooms`. In the cluster every room's
 * candidate is on node 1 and its interviewer (and observer) on node 2, so every keystroke crosses
 * nodes: the edit latency is the cross-node propagation. Both nodes share the server core, so
 * their summed CPU per keystroke is the price of the second node. Redis and PostgreSQL run
 * unpinned; their CPU is reported beside it.
 */
export async function scaledCompare(opts: BenchOptions): Promise<ScaledResult> {
  const schema = `nudge_bench_${randomBytes(5).toString('hex')}`
  const prefix = `nudge-bench-${randomBytes(5).toString('hex')}:`
  await adminQuery(`create schema ${schema}`, PG_URL)
  const databaseUrl = withSearchPath(PG_URL, schema)
  const store = createPostgresStore(databaseUrl, { max: 1 })
  await store.migrate()
  await store.close()
  const env = { DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: prefix, TICKET_SECRET: randomBytes(24).toString('hex') }
  const sessions: Session[] = []
  try {
    log('scaled: single node (SQLite) starting')
    const single = await Session.open('nudge', opts)
    sessions.push(single)
    log('scaled: two nodes (PostgreSQL + Redis) starting')
    const nodes = await Promise.all([1, 2].map((i) => ServerProc.start('nudge', { core: opts.serverCore, env: { ...env, NODE_ID: `bench${i}` } })))
    const cluster = await Session.openCluster(opts, nodes, 'cluster')
    sessions.push(cluster)
    for (const s of sessions) {
      const failed = await s.growTo(opts.rooms)
      log(`${s.label}: ${opts.rooms} rooms connected${failed ? ` (${failed} failed)` : ''}`)
    }
    await sleep(2000)
    // The references' CPU is read around each of the cluster's windows: wrap its window().
    let readable = { redis: false, pg: false }
    const nodeTicks = nodes.map(() => 0)
    let redisTicks = 0
    let pgTicks = 0
    let clusterS = 0
    const inner = cluster.window.bind(cluster)
    cluster.window = async (windowS: number) => {
      const r0 = ticksOf('redis-server')
      const p0 = ticksOf('postgres')
      const n0 = nodes.map((n) => n.sample().ticks)
      const t0 = performance.now()
      const w = await inner(windowS)
      const secs = (performance.now() - t0) / 1000
      nodes.forEach((n, i) => (nodeTicks[i]! += n.sample().ticks - n0[i]!))
      clusterS += secs
      const r = cpuBetween(r0, ticksOf('redis-server'), secs)
      const p = cpuBetween(p0, ticksOf('postgres'), secs)
      readable = { redis: readable.redis || r !== null, pg: readable.pg || p !== null }
      redisTicks += ((r ?? 0) * secs) / 100
      pgTicks += ((p ?? 0) * secs) / 100
      return w
    }
    const discarded: { starved_pct: Record<string, number> }[] = []
    const windows = await takeTurns(sessions, opts, discarded)
    const runOf = async (s: Session) => buildRun('nudge', opts.rooms, 'scaled', windows.get(s)!, await s.memory(), opts, s.connectFailures)
    const singleRun = await runOf(single)
    const clusterRun = await runOf(cluster)
    log(`single: ${describe(singleRun)}`)
    log(`cluster: ${describe(clusterRun)}`)
    // Each node's own share; the wrapper's span includes the 3 s grace after each window.
    const nodeCpu = nodeTicks.map((t) => round((t / 100 / clusterS) * 100, 1))
    const ratio = singleRun.cpu_ms_per_1k_keystrokes && clusterRun.cpu_ms_per_1k_keystrokes ? round(clusterRun.cpu_ms_per_1k_keystrokes / singleRun.cpu_ms_per_1k_keystrokes, 2) : null
    return {
      generated_at: new Date().toISOString(),
      rooms: opts.rooms,
      rounds: opts.rounds,
      window_s: opts.windowS,
      single: singleRun,
      cluster: clusterRun,
      node_cpu_pct: nodeCpu,
      redis_cpu_pct: readable.redis ? round((redisTicks / clusterS) * 100, 1) : null,
      postgres_cpu_pct: readable.pg ? round((pgTicks / clusterS) * 100, 1) : null,
      cpu_ratio: ratio,
    }
  } finally {
    for (const s of sessions) await s.close().catch(() => {})
    await adminQuery(`drop schema if exists ${schema} cascade`, PG_URL).catch(() => {})
    const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 }).on('error', () => {})
    try {
      await r.connect()
      const keys = await r.keys(`${prefix}*`)
      if (keys.length) await r.del(...keys)
    } catch {
      // Redis gone: nothing to clean
    } finally {
      r.disconnect()
    }
  }
}
