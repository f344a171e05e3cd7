import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnSync } from 'node:child_process'
import type { DiagnosticsReply } from '@nudge/server/diagnostics.ts'
import { parseOptions, USAGE, type BenchOptions } from './options.ts'
import { summarizeProfile } from './profile.ts'
import type { ColdLoadResult, RoomSpec, ServerKind, WindowResult } from './protocol.ts'
import { renderMarkdown, renderSvg } from './report.ts'
import type { MemoryResult, Results, Run } from './results.ts'
import { canPin, cpuPct, ServerProc, type ProcSample } from './servers.ts'
import { concat, round, summarize } from './stats.ts'
import { WorkerPool } from './workers.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const MB = 1024 * 1024
const log = (...a: unknown[]) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a)

interface PersistStats {
  updateBytes: number
  writtenBytes: number
}

/** What one measurement window saw; a run is built from one or more windows. */
interface WindowMeasure {
  parts: WindowResult[]
  s0: ProcSample
  s1: ProcSample
  w0: ProcSample[]
  w1: ProcSample[]
  before: DiagnosticsReply
  after: DiagnosticsReply
  fromUs: number
  toUs: number
}

/** A server and its load generator, with the rooms created so far. */
class Session {
  readonly specs: RoomSpec[] = []
  /** Which Socket.IO command carried the hints (Nudge). */
  hintVia: string | null = null
  connectFailures = 0
  private closed = false
  private constructor(readonly opts: BenchOptions, readonly srv: ServerProc, readonly pool: WorkerPool) {}

  static async open(kind: ServerKind, opts: BenchOptions, cpuProfDir?: string): Promise<Session> {
    const srv = await ServerProc.start(kind, { core: opts.serverCore, cpuProfDir })
    const pool = WorkerPool.start(opts.workers, opts.loadCore)
    await pool.all({ t: 'config', target: { kind, url: srv.url, wsUrl: srv.wsUrl }, workload: opts.workload, clients: opts.clients })
    return new Session(opts, srv, pool)
  }

  get kind(): ServerKind {
    return this.srv.kind
  }

  /** Creates rooms up to `total` and connects their participants (idle); returns connect failures. */
  async growTo(total: number): Promise<number> {
    const start = this.specs.length
    const fresh: RoomSpec[] = new Array<RoomSpec>(Math.max(0, total - start))
    const ratio = this.opts.workload.observerRatio
    let next = start
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < total) {
          const i = next++
          // Spread observers evenly rather than randomly, so every run has the same share.
          const observer = Math.floor((i + 1) * ratio) > Math.floor(i * ratio)
          fresh[i - start] = await this.srv.createRoom(observer)
        }
      }),
    )
    this.specs.push(...fresh)
    const perWorker = Array.from({ length: this.pool.size }, (): RoomSpec[] => [])
    fresh.forEach((s, i) => perWorker[i % this.pool.size]!.push(s))
    const res = await this.pool.all<{ connected: number; failed: number; hintVia: string | null }>((i) => ({ t: 'add', rooms: perWorker[i]!, concurrency: 16 }))
    this.hintVia = res.find((r) => r.hintVia)?.hintVia ?? this.hintVia
    const failed = res.reduce((n, r) => n + r.failed, 0)
    this.connectFailures += failed
    return failed
  }

  async activate(): Promise<void> {
    await this.pool.all({ t: 'activate' })
  }

  async quiesce(): Promise<void> {
    await this.pool.all({ t: 'quiesce' })
  }

  async window(windowS: number): Promise<WindowMeasure> {
    const { srv, pool, opts } = this
    const before = await srv.stats({ resetLoop: true })
    const s0 = srv.sample()
    const w0 = pool.samples()
    const probes = Math.ceil(opts.resyncProbes / pool.size)
    await pool.all({ t: 'measure:start', resyncProbes: probes, resyncOfflineMs: opts.resyncOfflineMs })
    const fromUs = Number(process.hrtime.bigint() / 1000n)
    await sleep(windowS * 1000)
    const toUs = Number(process.hrtime.bigint() / 1000n)
    const s1 = srv.sample()
    const w1 = pool.samples()
    const after = await srv.stats({})
    const parts = await pool.all<WindowResult>({ t: 'measure:stop', graceMs: 1000 })
    return { parts, s0, s1, w0, w1, before, after, fromUs, toUs }
  }

  /** Live heap after a full GC (outside any window: the collection pauses the server). */
  memory(): Promise<DiagnosticsReply> {
    return this.srv.stats({ gc: true })
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.pool.all({ t: 'close-all' }).catch(() => {})
    await this.pool.stop()
    await this.srv.stop()
  }
}

function persistStats(r: DiagnosticsReply): PersistStats | null {
  const p = r.extra.persistence as PersistStats | undefined
  return p ? { updateBytes: p.updateBytes, writtenBytes: p.writtenBytes } : null
}

/** One run from one or more windows of the same server and room count (samples pooled). */
function buildRun(server: ServerKind, rooms: number, phase: Run['phase'], windows: WindowMeasure[], mem: DiagnosticsReply, opts: BenchOptions, connectFailures: number): Run {
  const parts = windows.flatMap((w) => w.parts)
  const pick = (k: 'edit' | 'awareness' | 'hint' | 'durable' | 'resync') => summarize(concat(parts.map((p) => p[k])))
  const edit = pick('edit')
  const aw = pick('awareness')
  const hint = pick('hint')
  const durable = pick('durable')
  const resync = pick('resync')
  const sum = (k: 'keystrokesSent' | 'keystrokesReceived' | 'hintsSent' | 'hintsReceived' | 'errors') => parts.reduce((n, p) => n + p[k], 0)
  const total = (f: (w: WindowMeasure) => number) => windows.reduce((n, w) => n + f(w), 0)
  let updateBytes: number | null = null
  let written: number | null = null
  for (const w of windows) {
    const p0 = persistStats(w.before)
    const p1 = persistStats(w.after)
    if (!p0 || !p1) continue
    updateBytes = (updateBytes ?? 0) + p1.updateBytes - p0.updateBytes
    written = (written ?? 0) + p1.writtenBytes - p0.writtenBytes
  }
  const elapsed = total((w) => (w.s1.at - w.s0.at) / 1000)
  const serverTicks = total((w) => w.s1.ticks - w.s0.ticks)
  const loadTicks = total((w) => w.w1.reduce((n, s, i) => n + s.ticks - w.w0[i]!.ticks, 0))
  const deviceBytes = total((w) => w.s1.writeBytes - w.s0.writeBytes)
  const last = windows.at(-1)!
  const lost = sum('keystrokesSent') - sum('keystrokesReceived')
  const errors = sum('errors') + connectFailures
  const run: Run = {
    server,
    rooms,
    phase,
    window_s: round(elapsed, 1),
    p50_ms: edit.p50,
    p95_ms: edit.p95,
    p99_ms: edit.p99,
    max_ms: edit.max,
    keystrokes: sum('keystrokesSent'),
    lost,
    cpu_pct: round((serverTicks / 100 / elapsed) * 100, 1),
    rss_mb: round(last.s1.rss / MB, 1),
    heap_mb: round(mem.heapUsed / MB, 1),
    // The worst window's figure: event-loop stalls are what the latency tail is made of.
    event_loop_p50_ms: round(Math.max(...windows.map((w) => w.after.loop.p50))),
    event_loop_p99_ms: round(Math.max(...windows.map((w) => w.after.loop.p99))),
    awareness_p50_ms: aw.p50,
    awareness_p99_ms: aw.p99,
    hint_p50_ms: hint.p50,
    hint_p99_ms: hint.p99,
    hints: hint.n,
    durable_p50_ms: durable.p50,
    durable_p95_ms: durable.p95,
    durable_p99_ms: durable.p99,
    resync_p50_ms: resync.p50,
    resync_p95_ms: resync.p95,
    resyncs: resync.n,
    write_amplification: updateBytes && written !== null ? round(written / updateBytes, 3) : null,
    device_write_amplification: updateBytes && deviceBytes > 0 ? round(deviceBytes / updateBytes, 1) : null,
    update_bytes: updateBytes,
    loadgen_cpu_pct: round((loadTicks / 100 / elapsed) * 100, 1),
    loadgen_loop_p99_ms: round(Math.max(...parts.map((p) => p.loopP99))),
    errors,
    error_samples: parts.flatMap((p) => p.errorSamples).slice(0, 5),
    ok: false,
  }
  run.ok = edit.n > 0 && (edit.p99 ?? Infinity) < opts.p99LimitMs && errors === 0 && lost === 0
  return run
}

function describe(r: Run): string {
  const f = (v: number | null) => (v === null ? '–' : v.toFixed(1))
  return (
    `${r.server} R=${r.rooms}: edit p50/p95/p99 ${f(r.p50_ms)}/${f(r.p95_ms)}/${f(r.p99_ms)} ms (n=${r.keystrokes}, lost ${r.lost}), ` +
    `cpu ${r.cpu_pct}% rss ${r.rss_mb} MB, loop p99 ${r.event_loop_p99_ms} ms, cursor p99 ${f(r.awareness_p99_ms)}, hint p99 ${f(r.hint_p99_ms)}, ` +
    `durable p95 ${f(r.durable_p95_ms)}, resync p50 ${f(r.resync_p50_ms)}, load cpu ${r.loadgen_cpu_pct}%, errors ${r.errors}${r.error_samples.length ? ` (${r.error_samples[0]})` : ''}`
  )
}

function reason(r: Run, opts: BenchOptions): string {
  if (r.errors > 0) return `${r.errors} errors (${r.error_samples[0] ?? ''})`
  if (r.lost > 0) return `${r.lost} keystrokes not delivered`
  return `p99 ${r.p99_ms} ms ≥ ${opts.p99LimitMs} ms`
}

async function waitUnloaded(srv: ServerProc, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    if ((await srv.stats()).extra.rooms === 0) return true
    await sleep(200)
  }
  return false
}

/**
 * Side by side: every server holds R rooms; idle memory is read; then the servers take turns
 * running the workload for `rounds` windows each (order rotating), so whatever else the
 * machine is doing meanwhile is spread over all of them alike.
 */
async function compare(sessions: Session[], opts: BenchOptions, out: Results): Promise<void> {
  const base = new Map<Session, { heap: number; rss: number }>()
  for (const s of sessions) {
    base.set(s, { heap: (await s.memory()).heapUsed, rss: s.srv.sample().rss })
    const failed = await s.growTo(opts.rooms)
    log(`${s.kind}: ${opts.rooms} rooms connected${failed ? ` (${failed} failed)` : ''}`)
  }
  await sleep(2000)
  const idle = new Map<Session, { heap: number; rss: number }>()
  for (const s of sessions) idle.set(s, { heap: (await s.memory()).heapUsed, rss: s.srv.sample().rss })
  const windows = new Map<Session, WindowMeasure[]>(sessions.map((s) => [s, []]))
  const perRound = opts.windowS / opts.rounds
  for (let round = 0; round < opts.rounds; round++) {
    for (let k = 0; k < sessions.length; k++) {
      const s = sessions[(k + round) % sessions.length]!
      await s.activate()
      await sleep((round === 0 ? opts.warmupS : Math.min(opts.warmupS, 3)) * 1000)
      windows.get(s)!.push(await s.window(perRound))
      await s.quiesce()
      log(`round ${round + 1}/${opts.rounds}: ${s.kind} measured`)
    }
  }
  for (const s of sessions) {
    const mem = await s.memory()
    const rss = s.srv.sample().rss
    const run = buildRun(s.kind, opts.rooms, 'compare', windows.get(s)!, mem, opts, s.connectFailures)
    log(describe(run))
    out.runs.push(run)
    const b = base.get(s)!
    const i = idle.get(s)!
    const kb = (bytes: number) => round(bytes / 1024 / opts.rooms, 1)
    out.memory[s.kind] = {
      rooms: opts.rooms,
      baseline_heap_mb: round(b.heap / MB, 1),
      baseline_rss_mb: round(b.rss / MB, 1),
      idle_heap_kb_per_room: kb(i.heap - b.heap),
      idle_rss_kb_per_room: kb(i.rss - b.rss),
      active_heap_kb_per_room: kb(mem.heapUsed - b.heap),
      active_rss_kb_per_room: kb(rss - b.rss),
    } satisfies MemoryResult
    out.capacity[s.kind] = run.ok
      ? { capacity_rooms: opts.rooms, tested: [opts.rooms], stopped_at: null, reason: null }
      : { capacity_rooms: 0, tested: [opts.rooms], stopped_at: opts.rooms, reason: reason(run, opts) }
    if (s.hintVia) out.params.hint_via = s.hintVia
  }
}

/** Steps the room count upward on a running server until p99 or errors cross the line. */
async function capacity(s: Session, opts: BenchOptions, out: Results): Promise<void> {
  const cap = out.capacity[s.kind]
  if (!cap || cap.stopped_at !== null) return
  for (const r of opts.steps) {
    const failed = await s.growTo(r)
    await s.activate()
    await sleep(opts.stepWarmupS * 1000)
    const w = await s.window(opts.stepWindowS)
    const run = buildRun(s.kind, r, 'capacity', [w], await s.memory(), opts, failed)
    log(describe(run))
    out.runs.push(run)
    cap.tested.push(r)
    if (!run.ok) {
      cap.stopped_at = r
      cap.reason = reason(run, opts)
      break
    }
    cap.capacity_rooms = r
  }
  await s.quiesce()
}

/** Every room closed and unloaded; then rooms are opened one at a time from storage. */
async function coldLoad(s: Session, opts: BenchOptions, out: Results): Promise<void> {
  await s.pool.all({ t: 'close-all' })
  if (!(await waitUnloaded(s.srv, 60_000))) {
    log('nudge: rooms did not unload within 60 s; cold load skipped')
    return
  }
  const step = Math.max(1, Math.floor(s.specs.length / opts.coldRooms))
  const picks = s.specs.filter((_, i) => i % step === 0).slice(0, opts.coldRooms)
  const res = await s.pool.call<ColdLoadResult>(0, { t: 'cold-load', rooms: picks })
  const cold = summarize(res.cold)
  const warm = summarize(res.warm)
  out.cold_load = { rooms: cold.n, cold_p50_ms: cold.p50, cold_p95_ms: cold.p95, warm_p50_ms: warm.p50, warm_p95_ms: warm.p95, errors: res.errors }
  log(`nudge cold load: p50 ${cold.p50} p95 ${cold.p95} ms (second client p50 ${warm.p50}) over ${cold.n} rooms`)
}

async function profileNudge(opts: BenchOptions, out: Results): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nudge-prof-'))
  log(`nudge: profiled run at ${opts.profileRooms} rooms (--cpu-prof)`)
  const s = await Session.open('nudge', opts, dir)
  let run: Run | null = null
  let w: WindowMeasure | null = null
  try {
    const failed = await s.growTo(opts.profileRooms)
    await s.activate()
    await sleep(opts.stepWarmupS * 1000)
    w = await s.window(opts.profileWindowS)
    run = buildRun('nudge', opts.profileRooms, 'profile', [w], await s.memory(), opts, failed)
    log(describe(run))
  } finally {
    await s.close()
  }
  // One profile per thread: the main thread's is the big one (the others: module loader, SQLite appender).
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0]
  if (!file) {
    log('no .cpuprofile written')
    return
  }
  if (!opts.jsonOnly) writeFileSync(join(opts.outDir, 'benchmarks-nudge.cpuprofile'), readFileSync(join(dir, file)))
  out.profile = { rooms: opts.profileRooms, run, ...summarizeProfile(join(dir, file), w && { fromUs: w.fromUs, toUs: w.toUs }) }
  log(`profile: ${out.profile.sampled_s} s sampled; ${out.profile.by_area.slice(0, 4).map((a) => `${a.area} ${a.self_pct}%`).join(', ')}`)
}

function versions(): Record<string, string> {
  const v: Record<string, string> = { node: process.version }
  const testsDir = fileURLToPath(new URL('..', import.meta.url))
  for (const pkg of ['yjs', 'y-protocols', 'ws', 'socket.io-client', '@y/websocket-server', '@hocuspocus/server', '@hocuspocus/provider']) {
    try {
      v[pkg] = (JSON.parse(readFileSync(join(testsDir, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version
    } catch {
      // not installed
    }
  }
  return v
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2), process.env)
  if (opts === 'help') {
    console.log(USAGE)
    return
  }
  if (!canPin()) log('taskset not found: server and load generator are NOT pinned to separate cores')
  // The orchestrator is mostly idle; keep it off the server core too.
  if (opts.loadCore !== null && canPin()) spawnSync('taskset', ['-a', '-p', '-c', String(opts.loadCore), String(process.pid)], { stdio: 'ignore' })
  mkdirSync(opts.outDir, { recursive: true })
  const started = Date.now()
  const out: Results = {
    generated_at: new Date().toISOString(),
    duration_s: 0,
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      node: process.version,
      loadavg_start: loadavg().map((l) => round(l)),
      loadavg_end: [],
      pinned: canPin() && opts.serverCore !== null,
      server_core: opts.serverCore,
      load_core: opts.loadCore,
    },
    params: {
      rooms: opts.rooms, steps: opts.steps, warmup_s: opts.warmupS, window_s: opts.windowS, step_window_s: opts.stepWindowS,
      workers: opts.workers, clients: opts.clients, workload: opts.workload, p99_limit_ms: opts.p99LimitMs, hint_via: null,
    },
    versions: versions(),
    runs: [],
    memory: {},
    cold_load: null,
    capacity: {},
    capacity_rooms_per_core: 0,
    profile: null,
  }
  const sessions: Session[] = []
  try {
    for (const kind of opts.servers) {
      log(`${kind}: starting`)
      sessions.push(await Session.open(kind, opts))
    }
    await compare(sessions, opts, out)
    // The references are done (unless they step too); Nudge gets the machine to itself.
    for (const s of sessions) if (s.kind !== 'nudge' && !opts.refSteps) await s.close()
    for (const s of sessions) if (s.kind === 'nudge' || opts.refSteps) await capacity(s, opts, out)
    for (const s of sessions) if (s.kind !== 'nudge' && opts.refSteps) await s.close()
    const nudge = sessions.find((s) => s.kind === 'nudge')
    if (nudge) {
      if (opts.coldRooms > 0) await coldLoad(nudge, opts, out)
      await nudge.close()
    }
  } finally {
    for (const s of sessions) await s.close().catch(() => {})
  }
  if (opts.profileRooms > 0 && opts.servers.includes('nudge')) await profileNudge(opts, out)
  out.capacity_rooms_per_core = out.capacity.nudge?.capacity_rooms ?? 0
  out.machine.loadavg_end = loadavg().map((l) => round(l))
  out.duration_s = Math.round((Date.now() - started) / 1000)
  writeFileSync(join(opts.outDir, 'benchmarks.json'), JSON.stringify(out, null, 2) + '\n')
  if (!opts.jsonOnly) {
    writeFileSync(join(opts.outDir, 'benchmarks.svg'), renderSvg(out))
    writeFileSync(join(opts.outDir, 'benchmarks.md'), renderMarkdown(out))
  }
  log(`done in ${out.duration_s} s → ${opts.outDir}`)
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
