import { parseArgs } from 'node:util'
import { SERVER_KINDS, type ClientMode, type ServerKind, type Workload } from './protocol.ts'

export interface BenchOptions {
  servers: ServerKind[]
  /** Rooms in the side-by-side comparison (every server). */
  rooms: number
  /** Capacity steps for Nudge after the comparison (ascending, each > rooms). */
  steps: number[]
  /** References whose capacity is stepped too, after Nudge's (default: the bare relay, the bound on what any Yjs server does on this core). */
  refSteps: ServerKind[]
  p99LimitMs: number
  /**
   * A comparison round is measured again when a server's event loop waited this share of it for
   * its core: far above what the servers' own GC and storage threads cause (10–20 %), so other load.
   */
  disturbedPct: number
  /** The comparison is measured in this many rounds, servers taking turns, so a burst of load from elsewhere on the machine hits all of them alike. */
  rounds: number
  warmupS: number
  windowS: number
  stepWarmupS: number
  stepWindowS: number
  workers: number
  clients: ClientMode
  workload: Workload
  resyncProbes: number
  resyncOfflineMs: number
  coldRooms: number
  /** Rooms for the profiled Nudge run; 0 = no profile. */
  profileRooms: number
  profileWindowS: number
  serverCore: number | null
  loadCore: number | null
  outDir: string
  /** Extra Nudge servers in the comparison, each started with these node flags (A/B experiments; logged only). */
  nudgeVariants: string[]
  /** Minutes of the long run (one Nudge server under the workload at `rooms`); 0 = none. Runs instead of the comparison. */
  longRunMin: number
  /** Length of each measured window of the long run, s. */
  longWindowS: number
  /** After the long run, seconds the aged and a fresh server are each measured while taking turns. */
  longTurnS: number
  /** Single-node SQLite vs a two-node PostgreSQL + Redis cluster, side by side (instead of the comparison). */
  scaled: boolean
  /** Quiet seconds between the readings of idle memory (V8's memory reducer needs several). */
  settleS: number
  /** Only write the JSON (the smoke test). */
  jsonOnly: boolean
  /** Re-render benchmarks.md/.svg from an existing benchmarks.json; measure nothing. */
  renderOnly: boolean
  /** Measure the document model of an existing benchmarks-long.json (a run from before it was part of the long run) and add it. */
  docModelOnly: boolean
}

const FLAGS = {
  servers: { type: 'string' }, rooms: { type: 'string' }, steps: { type: 'string' }, 'ref-steps': { type: 'string' },
  'p99-limit': { type: 'string' }, disturbed: { type: 'string' }, rounds: { type: 'string' }, warmup: { type: 'string' }, window: { type: 'string' }, 'step-warmup': { type: 'string' },
  'step-window': { type: 'string' }, workers: { type: 'string' }, clients: { type: 'string' }, cps: { type: 'string' },
  'cursor-hz': { type: 'string' }, 'hint-every': { type: 'string' }, observers: { type: 'string' }, 'renew-every': { type: 'string' },
  'resync-probes': { type: 'string' }, 'resync-offline': { type: 'string' }, 'cold-rooms': { type: 'string' },
  'profile-rooms': { type: 'string' }, 'profile-window': { type: 'string' }, 'server-core': { type: 'string' },
  'load-core': { type: 'string' }, 'out-dir': { type: 'string' }, 'json-only': { type: 'boolean' }, render: { type: 'boolean' }, smoke: { type: 'boolean' },
  'long-run': { type: 'string' }, 'long-window': { type: 'string' }, 'long-turn': { type: 'string' }, 'doc-model': { type: 'boolean' }, scaled: { type: 'boolean' }, settle: { type: 'string' },
  help: { type: 'boolean' },
} as const

export const USAGE = `pnpm bench [flags]      (every flag also reads BENCH_<NAME>, e.g. BENCH_ROOMS=250)
  --servers nudge,y-websocket,hocuspocus   servers to run (default: all three)
  --rooms 500            rooms in the side-by-side comparison
  --steps 750,1000,…     Nudge capacity steps after the comparison; the sweep starts again at --rooms
                         and stops at the first step with p99 >= limit, an error or a lost keystroke
  --ref-steps y-websocket   references whose capacity is stepped too ('none', or y-websocket,hocuspocus)
  --p99-limit 50         capacity criterion, ms
  --rounds 5             comparison rounds: servers take turns, the window is split across rounds
  --disturbed 35         a round in which a server waited this % of the time for its core is measured again
  --warmup 10 --window 30            comparison warm-up (first round) and total measurement per server, s
  --step-warmup 5 --step-window 20   per capacity step, s
  --workers 4            load-generator processes (all on the load core)
  --clients raw|provider raw y-websocket protocol clients, or stock WebsocketProvider everywhere
  --cps 5 --cursor-hz 2 --hint-every 60 --observers 0.25 --renew-every 15   workload
  --resync-probes 20 --resync-offline 2000   reconnecting clients per run, offline ms
  --cold-rooms 50        rooms reopened from storage after the Nudge run
  --settle 15            quiet seconds between idle-memory readings (until two agree within 1 MB)
  --profile-rooms 1500 --profile-window 15   profiled Nudge run (0 = none)
  --server-core 0 --load-core 1              taskset cores ('none' to not pin)
  --out-dir ../docs --json-only              where benchmarks.json/.md/.svg go
  --render               re-render benchmarks.md/.svg from the existing benchmarks.json
                         (with benchmarks-long.json and benchmarks-scaled.json when present)
  --long-run 60 --long-window 60   instead of the comparison: one Nudge server at --rooms for that many
                         minutes, in windows; first vs last 10 minutes, heap and data size over
                         time → benchmarks-long.json (rewritten after every window)
  --long-turn 60         then the aged server and a fresh one take turns (--rounds), each measured this many s
  --doc-model            add to an existing benchmarks-long.json what its rooms' documents alone hold
                         (measured at the end of every long run since; runs without a server)
  --scaled               instead of the comparison: single-node SQLite vs two nodes on PostgreSQL +
                         Redis (candidate on one node, interviewer on the other), taking turns at
                         --rooms; CPU per 1,000 keystrokes and cross-node propagation → benchmarks-scaled.json
  --smoke                tiny parameters for CI (seconds, not minutes)
Experiments (environment only):
  BENCH_SERVER_NODE_FLAGS="--trace-gc"   extra node flags for every server under test
  BENCH_SERVER_LOG_DIR=/tmp/logs         each server's stdout/stderr to <dir>/<kind>-<pid>.log
  BENCH_NUDGE_VARIANTS="--v8-pool-size=0|--single-threaded-gc"   more Nudge servers in the
                         comparison, one per flag set, taking turns with the others (kept in
                         benchmarks.json as variants); KEY=value items are the server's environment,
                         dir=/path runs the server of another checkout (an A/B of code: git worktree)
  BENCH_NUDGE_DIR=/path  the Nudge server directory for every Nudge process (default: this checkout's)`

/** A boolean flag's value, from the command line (`true`) or the environment (`1`, `true`). */
const truthy = (raw: string | boolean | undefined): boolean => raw === true || raw === '1' || raw === 'true'

function stepRooms(raw: string): number {
  const n = Number(raw)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--steps: each step is a positive whole number of rooms, got ${raw}`)
  return n
}

function refSteps(raw: string | boolean | undefined, smoke: boolean): ServerKind[] {
  if (raw === undefined) return smoke ? [] : ['y-websocket']
  if (truthy(raw)) return SERVER_KINDS.filter((k) => k !== 'nudge')
  const list = String(raw).split(',').map((s) => s.trim()).filter((s) => s && s !== 'none' && s !== 'false' && s !== '0')
  for (const s of list) if (!SERVER_KINDS.includes(s as ServerKind) || s === 'nudge') throw new Error(`--ref-steps: ${s} is not a reference server`)
  return list as ServerKind[]
}

export function parseOptions(argv: string[], env: Record<string, string | undefined>): BenchOptions | 'help' {
  const { values } = parseArgs({ args: argv, options: FLAGS, allowPositionals: false })
  const v = values as Record<string, string | boolean | undefined>
  if (v.help) return 'help'
  const get = (name: string): string | boolean | undefined => v[name] ?? env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`]
  const smoke = truthy(get('smoke'))
  const num = (name: string, dflt: number, smokeDflt = dflt): number => {
    const raw = get(name)
    if (raw === undefined || typeof raw === 'boolean') return smoke ? smokeDflt : dflt
    const n = Number(raw)
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got ${raw}`)
    return n
  }
  const core = (name: string, dflt: number): number | null => {
    const raw = get(name)
    return raw === 'none' ? null : raw === undefined ? dflt : num(name, dflt)
  }
  const flag = (name: string): boolean => truthy(get(name))
  const servers = String(get('servers') ?? SERVER_KINDS.join(',')).split(',').map((s) => s.trim()).filter(Boolean)
  for (const s of servers) if (!SERVER_KINDS.includes(s as ServerKind)) throw new Error(`unknown server ${s}`)
  const clients = String(get('clients') ?? 'raw')
  if (clients !== 'raw' && clients !== 'provider') throw new Error('--clients must be raw or provider')
  const rooms = num('rooms', 500, 4)
  const stepsRaw = get('steps')
  const steps = (typeof stepsRaw === 'string' ? stepsRaw.split(',').map((x) => x.trim()).filter(Boolean).map(stepRooms) : smoke ? [8] : [750, 1000, 1500, 2000, 2500, 3000, 3500, 4000])
    .filter((n) => n > rooms)
    .sort((a, b) => a - b)
  return {
    servers: servers as ServerKind[],
    rooms,
    steps,
    refSteps: refSteps(get('ref-steps'), smoke),
    p99LimitMs: num('p99-limit', 50),
    disturbedPct: num('disturbed', 35),
    rounds: Math.max(1, Math.round(num('rounds', 5, 2))),
    warmupS: num('warmup', 10, 1),
    windowS: num('window', 30, 5),
    stepWarmupS: num('step-warmup', 5, 1),
    stepWindowS: num('step-window', 20, 2),
    workers: Math.max(1, Math.round(num('workers', 4, 2))),
    clients,
    workload: {
      typingCps: num('cps', 5),
      cursorHz: num('cursor-hz', 2),
      hintEveryS: num('hint-every', 60, 1),
      observerRatio: Math.min(1, num('observers', 0.25, 0.5)),
      awarenessRenewS: num('renew-every', 15),
    },
    resyncProbes: Math.round(num('resync-probes', 20, 4)),
    resyncOfflineMs: num('resync-offline', 2000, 300),
    coldRooms: Math.round(num('cold-rooms', 50, 3)),
    profileRooms: Math.round(num('profile-rooms', 1500, 0)),
    profileWindowS: num('profile-window', 15, 2),
    serverCore: core('server-core', 0),
    loadCore: core('load-core', 1),
    outDir: String(get('out-dir') ?? new URL('../../docs', import.meta.url).pathname),
    nudgeVariants: (env.BENCH_NUDGE_VARIANTS ?? '').split('|').map((v) => v.trim()).filter(Boolean),
    longRunMin: num('long-run', 0),
    longWindowS: Math.max(1, num('long-window', 60, 5)),
    longTurnS: Math.max(1, num('long-turn', 60, 3)),
    scaled: flag('scaled'),
    settleS: num('settle', 15, 2),
    jsonOnly: flag('json-only'),
    renderOnly: flag('render'),
    docModelOnly: flag('doc-model'),
  }
}
