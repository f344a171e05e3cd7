import { mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildRun, describe, MB, reason } from './measure.ts'
import type { BenchOptions } from './options.ts'
import { summarizeProfile } from './profile.ts'
import type { ColdLoadResult, ServerKind } from './protocol.ts'
import { capacityRuns, type MemoryResult, type Results, type Run } from './results.ts'
import { waitPct, type ServerProc } from './servers.ts'
import { log, Session, sleep, type WindowMeasure } from './session.ts'
import { round, summarize } from './stats.ts'

/** Run-queue wait (% of the window) above which a window counts as disturbed by other processes. */
const STARVED_PCT = 5

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
export async function compare(sessions: Session[], opts: BenchOptions, out: Results): Promise<void> {
  const base = await settledAll(sessions)
  for (const s of sessions) {
    const failed = await s.growTo(opts.rooms)
    log(`${s.label}: ${opts.rooms} rooms connected${failed ? ` (${failed} failed)` : ''}`)
  }
  const idle = await settledAll(sessions)
  out.discarded_rounds = []
  const windows = await takeTurns(sessions, opts, out.discarded_rounds)
  for (const s of sessions) {
    const mem = await s.memory()
    const rss = s.srv.sample().rss
    const run = buildRun(s.kind, opts.rooms, 'compare', windows.get(s)!, mem, opts, s.connectFailures)
    log(`${s.variant ? `[${s.variant}] ` : ''}${describe(run)}`)
    // A/B variants are kept apart: the report's tables hold the servers as they ship.
    const b = base.get(s)!
    const i = idle.get(s)!
    const kb = (bytes: number) => round(bytes / 1024 / opts.rooms, 1)
    if (s.variant) {
      ;(out.variants ??= []).push({ ...run, variant: s.variant, idle_rss_kb_per_room: kb(i.rss - b.rss), idle_heap_kb_per_room: kb(i.heap - b.heap) })
      continue
    }
    out.runs.push(run)
    out.memory[s.kind] = {
      rooms: opts.rooms,
      baseline_heap_mb: round(b.heap / MB, 1),
      baseline_rss_mb: round(b.rss / MB, 1),
      idle_heap_kb_per_room: kb(i.heap - b.heap),
      idle_rss_kb_per_room: kb(i.rss - b.rss),
      active_heap_kb_per_room: kb(mem.heapUsed - b.heap),
      active_rss_kb_per_room: kb(rss - b.rss),
    } satisfies MemoryResult
    out.capacity[s.kind] = { capacity_rooms: 0, tested: [], stopped_at: null, reason: null, cpu_projection_rooms: null }
    if (s.hintVia) out.params.hint_via = s.hintVia
  }
}

/**
 * Live heap and RSS once the server is idle: a full GC, then `--settle` seconds (15) without any, then another and a
 * reading, until two readings agree within 1 MB (at most 4). A burst of allocation — starting up,
 * hundreds of connections arriving — grows V8's young generation (up to `--max-semi-space-size`
 * ×2, 128 MB as Nudge ships) and a forced GC does not shrink it; V8's memory reducer gives it back
 * some seconds after allocation stops (measured: 130 MB at 200 rooms, 30 s later). Read at once,
 * "idle RSS per room" measured that transient, not the rooms.
 */
export async function settled(s: Session): Promise<{ heap: number; rss: number }> {
  await s.memory()
  let prev: { heap: number; rss: number } | null = null
  for (let i = 0; i < 4; i++) {
    await sleep(s.opts.settleS * 1000)
    const now = { heap: (await s.memory()).heapUsed, rss: s.sample().rss }
    if (prev && Math.abs(now.rss - prev.rss) < MB) return now
    prev = now
  }
  return prev!
}

async function settledAll(sessions: Session[]): Promise<Map<Session, { heap: number; rss: number }>> {
  const all = await Promise.all(sessions.map(async (s) => [s, await settled(s)] as const))
  return new Map(all)
}

/**
 * The servers take turns running the workload for `rounds` windows each (order rotating), so
 * whatever else the machine is doing meanwhile is spread over all of them alike. A round in which
 * some server's event loop waited for its core a large share of the time measured the machine's
 * other load, not the servers: it is measured again, for every server (at most `rounds` times over
 * the run), and reported in `discarded`.
 */
export async function takeTurns(sessions: Session[], opts: BenchOptions, discarded: { starved_pct: Record<string, number> }[]): Promise<Map<Session, WindowMeasure[]>> {
  const windows = new Map<Session, WindowMeasure[]>(sessions.map((s) => [s, []]))
  const perRound = opts.windowS / opts.rounds
  for (let turn = 0, done = 0; done < opts.rounds; turn++) {
    const thisRound = new Map<Session, WindowMeasure>()
    for (let k = 0; k < sessions.length; k++) {
      const s = sessions[(k + turn) % sessions.length]!
      await s.activate()
      await sleep((turn === 0 ? opts.warmupS : Math.min(opts.warmupS, 3)) * 1000)
      thisRound.set(s, await s.window(perRound))
      await s.quiesce()
      log(`round ${done + 1}/${opts.rounds}: ${s.label} measured`)
    }
    const starved = Object.fromEntries([...thisRound].map(([s, w]) => [s.label, round(waitPct(w.s0, w.s1), 1)]))
    if (Math.max(...Object.values(starved)) >= opts.disturbedPct && discarded.length < opts.rounds) {
      discarded.push({ starved_pct: starved })
      log(`round ${done + 1}: discarded, a server's core was busy with other work (${Object.entries(starved).map(([k, v]) => `${k} starved ${v}%`).join(', ')}); measuring it again`)
      continue
    }
    for (const [s, w] of thisRound) windows.get(s)!.push(w)
    done++
  }
  return windows
}

/**
 * Steps the room count upward on a running server (starting again at the comparison's R, now
 * alone on the machine's server core) until p99 or errors cross the line.
 */
export async function capacity(s: Session, opts: BenchOptions, out: Results, steps = [opts.rooms, ...opts.steps]): Promise<void> {
  const cap = out.capacity[s.kind]
  if (!cap) return
  for (const r of steps) {
    const failed = await s.growTo(r)
    await s.activate()
    await sleep(opts.stepWarmupS * 1000)
    let run: Run | null = null
    // A failed window during which other processes held the server's core for a noticeable share
    // of the time measured the machine, not the server: measure again (up to twice) and keep a
    // window that passed, else the least disturbed one.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const w = await s.window(opts.stepWindowS)
      const next = buildRun(s.kind, r, 'capacity', [w], await s.memory(), opts, failed)
      log(describe(next))
      if (!run || next.ok || next.server_cpu_wait_pct < run.server_cpu_wait_pct) run = { ...next, attempts: attempt }
      else run.attempts = attempt
      if (next.ok || next.server_cpu_wait_pct < STARVED_PCT || next.errors > 0 || next.lost > 0) break
    }
    if (!run) break
    run.sweep = s.sweep
    out.runs.push(run)
    cap.tested.push(r)
    if (!run.ok) {
      cap.stopped_at = r
      cap.reason = reason(run, opts)
      break
    }
    cap.capacity_rooms = Math.max(cap.capacity_rooms, r)
  }
  cap.tested.sort((a, b) => a - b)
  // CPU time is what the server itself spent, whatever else ran on its core: a projection of
  // where one core runs out (80 % busy), from the largest step measured, is robust to that noise.
  const last = capacityRuns(out.runs, s.kind).at(-1)
  if (last && last.cpu_pct > 0) cap.cpu_projection_rooms = Math.round((last.rooms * 80) / last.cpu_pct)
  await s.quiesce()
}

/**
 * When the server that ran the comparison fails at the comparison's room count (its documents have
 * grown through the rounds), a fresh server is stepped from below (100, 250) through the same steps,
 * so the capacity is a number rather than "less than R"; both sweeps are reported.
 */
export async function capacityFresh(kind: ServerKind, opts: BenchOptions, out: Results): Promise<void> {
  const cap = out.capacity[kind]
  if (!cap || cap.capacity_rooms > 0 || cap.stopped_at === null) return
  const steps = [...[100, 250].filter((r) => r < opts.rooms), opts.rooms, ...opts.steps]
  log(`${kind}: ${opts.rooms} rooms failed after the comparison; stepping a fresh server through ${steps.join(', ')}`)
  cap.after_compare = { rooms: cap.stopped_at, reason: cap.reason }
  cap.stopped_at = null
  cap.reason = null
  const s = await Session.open(kind, opts)
  s.sweep = 'fresh'
  try {
    await capacity(s, opts, out, steps)
  } finally {
    await s.close()
  }
}

/** Every room closed and unloaded; then rooms are opened one at a time from storage. */
export async function coldLoad(s: Session, opts: BenchOptions, out: Results): Promise<void> {
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

export async function profileNudge(opts: BenchOptions, out: Results): Promise<void> {
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
  // One profile per thread, named CPU.<date>.<time>.<pid>.<thread>.<seq>: thread 0 is the main
  // thread (the others: the module loader, the SQLite thread).
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
  const file = files.find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f)) ?? files.sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0]
  if (!file) {
    log('no .cpuprofile written')
    return
  }
  out.profile = { rooms: opts.profileRooms, run, ...summarizeProfile(join(dir, file), w && { fromUs: w.fromUs, toUs: w.toUs }) }
  // The raw profile (megabytes) stays out of the repository; its summary goes into the report.
  log(`profile: ${out.profile.sampled_s} s sampled; ${out.profile.by_area.slice(0, 4).map((a) => `${a.area} ${a.self_pct}%`).join(', ')}; raw: ${join(dir, file)}`)
}
