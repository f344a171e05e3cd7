/**
 * CPU per update-log batch on the SQLite store, by thread: what one `appendUpdates` costs the
 * event loop and the storage thread (Linux: reads /proc/self/task). Prints its figures.
 *
 *   pnpm --filter @nudge/tests bench:store [--rows 100] [--batches 2000] [--rooms 1000]
 *
 * The update log writes one batch every ~20 ms with a row per room that changed, so at 500–1000
 * typing rooms a batch holds 50–100 rows. Rows carry 28-byte updates (a keystroke's Yjs update).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createSqliteStore } from '@nudge/server/store/sqlite.ts'
import type { UpdateRecord } from '@nudge/server/store/types.ts'
import { statTicks } from './servers.ts'

function options(): { rowsPerBatch: number; batches: number; roomCount: number } {
  const { values } = parseArgs({ options: { rows: { type: 'string' }, batches: { type: 'string' }, rooms: { type: 'string' } } })
  const count = (raw: string | undefined, dflt: number, name: string): number => {
    const n = Number(raw ?? dflt)
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, got ${raw}`)
    return n
  }
  return { rowsPerBatch: count(values.rows, 100, 'rows'), batches: count(values.batches, 2000, 'batches'), roomCount: count(values.rooms, 1000, 'rooms') }
}
let opts: ReturnType<typeof options>
try {
  opts = options()
} catch (err) {
  console.error(`bench:store: ${(err as Error).message}\nusage: pnpm --filter @nudge/tests bench:store [--rows 100] [--batches 2000] [--rooms 1000]`)
  process.exit(2)
}
const { rowsPerBatch, batches, roomCount } = opts
const WARMUP = 300
const TICK_MS = 1000 / 100 // /proc CPU times are in clock ticks (USER_HZ = 100)

/** CPU ticks of each thread of this process; the main thread's id is the pid. */
function threadTicks(): Map<string, number> {
  return new Map(readdirSync('/proc/self/task').map((tid) => [tid, statTicks(`/proc/self/task/${tid}/stat`)]))
}

const dir = mkdtempSync(join(tmpdir(), 'nudge-store-bench-'))
const store = createSqliteStore(join(dir, 'nudge.db'))
try {
  await store.migrate()
  const rooms = Array.from({ length: roomCount }, (_, i) => `bench${i.toString(36).padStart(8, '0')}`)
  // Real rooms: each batch also charges every room's log bytes to its usage row (the quota).
  for (const id of rooms) await store.createRoom({ id, title: 'bench', createdAt: Date.now(), epoch: 'e' }, [{ role: 'candidate', tokenHash: `bench-${id}` }], null)
  let next = 0
  const batch = (): UpdateRecord[] =>
    Array.from({ length: rowsPerBatch }, (_, i) => ({
      roomId: rooms[next++ % rooms.length]!,
      doc: 'code',
      data: new Uint8Array(28).fill(i),
      author: `participant${next % 7}`,
      createdAt: Date.now(),
    }))
  for (let i = 0; i < WARMUP; i++) await store.appendUpdates(batch())
  const before = threadTicks()
  const started = performance.now()
  for (let i = 0; i < batches; i++) await store.appendUpdates(batch())
  const wallMs = (performance.now() - started) / batches
  const after = threadTicks()
  const perBatch = (tid: string) => (((after.get(tid) ?? 0) - (before.get(tid) ?? 0)) * TICK_MS) / batches
  const main = perBatch(String(process.pid))
  const others = [...after.keys()].filter((t) => t !== String(process.pid)).map(perBatch).sort((a, b) => b - a)
  const f = (ms: number) => ms.toFixed(3)
  console.log(`SQLite update log, ${batches} batches of ${rowsPerBatch} rows over ${roomCount} rooms (after ${WARMUP} warm-up batches):`)
  console.log(`  event loop      ${f(main)} ms CPU per batch`)
  console.log(`  storage thread  ${f(others[0] ?? 0)} ms CPU per batch (the busiest other thread)`)
  console.log(`  other threads   ${f(others.slice(1).reduce((a, b) => a + b, 0))} ms CPU per batch (V8's GC helpers)`)
  console.log(`  wall            ${f(wallMs)} ms per batch, one at a time (commit with fsync included)`)
} finally {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
}
