import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnSync } from 'node:child_process'
import { parseOptions, USAGE } from './options.ts'
import { docModel, longRun } from './longrun.ts'
import { capacity, capacityFresh, coldLoad, compare, profileNudge } from './phases.ts'
import { scaledCompare } from './scaled.ts'
import { renderMarkdown, renderSvg } from './report.ts'
import type { LongRunResult, Results } from './results.ts'
import type { ServerKind } from './protocol.ts'
import { canPin, extraNodeFlags, shippedNodeFlags } from './servers.ts'
import { log, Session } from './session.ts'
import { round } from './stats.ts'

/**
 * `pnpm bench`: Nudge side by side with the reference collaboration servers, then Nudge's
 * capacity on one core, cold loads and a CPU profile. Writes docs/benchmarks.{json,md,svg}.
 */
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

/** The long run's and the scaled comparison's figures, from their own files beside benchmarks.json. */
function withModes(r: Results, dir: string): Results {
  const read = <T>(name: string): T | null => {
    try {
      return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T
    } catch {
      return null
    }
  }
  return { ...r, long_run: read('benchmarks-long.json'), scaled: read('benchmarks-scaled.json'), ab: read('benchmarks-ab.json') }
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2), process.env)
  if (opts === 'help') {
    console.log(USAGE)
    return
  }
  if (opts.docModelOnly) {
    const file = join(opts.outDir, 'benchmarks-long.json')
    const lr = JSON.parse(readFileSync(file, 'utf8')) as LongRunResult
    lr.doc_model = await docModel(lr, opts)
    writeFileSync(file, JSON.stringify(lr, null, 2) + '\n')
    log(`${file}: the documents alone grow the heap by ${lr.doc_model.growth_mb} MB between its first and last window`)
    return
  }
  if (opts.renderOnly) {
    const r = withModes(JSON.parse(readFileSync(join(opts.outDir, 'benchmarks.json'), 'utf8')) as Results, opts.outDir)
    writeFileSync(join(opts.outDir, 'benchmarks.svg'), renderSvg(r))
    writeFileSync(join(opts.outDir, 'benchmarks.md'), renderMarkdown(r))
    log(`rendered ${opts.outDir}/benchmarks.{md,svg}`)
    return
  }
  if (!canPin()) log('taskset not found: server and load generator are NOT pinned to separate cores')
  // The orchestrator is mostly idle; keep it off the server core too.
  if (opts.loadCore !== null && canPin()) spawnSync('taskset', ['-a', '-p', '-c', String(opts.loadCore), String(process.pid)], { stdio: 'ignore' })
  mkdirSync(opts.outDir, { recursive: true })
  // The long run and the scaled comparison are modes of their own, each with its own JSON file,
  // which `--render` (and every full run) folds into benchmarks.md.
  if (opts.longRunMin > 0) {
    const file = join(opts.outDir, 'benchmarks-long.json')
    const r = await longRun(opts, file)
    log(`long run done: ${r.windows.length} windows → ${file}`)
    return
  }
  if (opts.scaled) {
    const file = join(opts.outDir, 'benchmarks-scaled.json')
    const r = await scaledCompare(opts)
    writeFileSync(file, JSON.stringify(r, null, 2) + '\n')
    log(`scaled comparison done: cluster ÷ single node CPU per keystroke ${r.cpu_ratio ?? '–'} → ${file}`)
    return
  }
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
      rooms: opts.rooms, steps: opts.steps, rounds: opts.rounds, warmup_s: opts.warmupS, window_s: opts.windowS, step_window_s: opts.stepWindowS,
      workers: opts.workers, clients: opts.clients, workload: opts.workload, p99_limit_ms: opts.p99LimitMs, hint_via: null, disturbed_pct: opts.disturbedPct,
      nudge_node_flags: shippedNodeFlags(), extra_node_flags: extraNodeFlags(),
    },
    versions: versions(),
    runs: [],
    memory: {},
    cold_load: null,
    capacity: {},
    capacity_rooms_per_core: 0,
    profile: null,
  }
  // Whose capacity is stepped after the comparison: Nudge, and the references chosen with --ref-steps.
  const stepped = (kind: ServerKind) => kind === 'nudge' || opts.refSteps.includes(kind)
  const sessions: Session[] = []
  try {
    for (const kind of opts.servers) {
      log(`${kind}: starting`)
      sessions.push(await Session.open(kind, opts))
    }
    for (const variant of opts.nudgeVariants) {
      log(`nudge [${variant}]: starting`)
      sessions.push(await Session.open('nudge', opts, undefined, variant))
    }
    await compare(sessions, opts, out)
    // The references are done (unless they step too); Nudge gets the machine to itself.
    const steps = (s: Session) => !s.variant && stepped(s.kind)
    for (const s of sessions) if (!steps(s)) await s.close()
    for (const s of sessions) if (steps(s)) await capacity(s, opts, out)
    for (const s of sessions) if (s.kind !== 'nudge') await s.close()
    const nudge = sessions.find((s) => s.kind === 'nudge' && !s.variant)
    if (nudge) {
      if (opts.coldRooms > 0) await coldLoad(nudge, opts, out)
      await nudge.close()
    }
  } finally {
    for (const s of sessions) await s.close().catch(() => {})
  }
  for (const kind of opts.servers) if (stepped(kind)) await capacityFresh(kind, opts, out)
  if (opts.profileRooms > 0 && opts.servers.includes('nudge')) await profileNudge(opts, out)
  out.capacity_rooms_per_core = out.capacity.nudge?.capacity_rooms ?? 0
  out.machine.loadavg_end = loadavg().map((l) => round(l))
  out.duration_s = Math.round((Date.now() - started) / 1000)
  writeFileSync(join(opts.outDir, 'benchmarks.json'), JSON.stringify(out, null, 2) + '\n')
  if (!opts.jsonOnly) {
    writeFileSync(join(opts.outDir, 'benchmarks.svg'), renderSvg(out))
    writeFileSync(join(opts.outDir, 'benchmarks.md'), renderMarkdown(withModes(out, opts.outDir)))
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
