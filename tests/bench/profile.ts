import { readFileSync } from 'node:fs'
import { round } from './stats.ts'

interface CpuProfile {
  startTime: number
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[]
  samples: number[]
  timeDeltas: number[]
}

export interface ProfileSummary {
  /** Seconds of samples summarised (the measurement window). */
  sampled_s: number
  /** Share of all samples the process was busy (not idle), %. */
  busy_pct: number
  /** Top functions by self time, % of busy time. */
  top_functions: { function: string; location: string; self_pct: number }[]
  /** Self time grouped by where the code lives, % of busy time. */
  by_area: { area: string; self_pct: number }[]
}

const AREAS: [RegExp, string][] = [
  [/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?yjs\//, 'yjs (CRDT)'],
  [/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?lib0\//, 'lib0 (encoding)'],
  [/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?y-protocols\//, 'y-protocols (sync/awareness)'],
  [/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?ws\//, 'ws (WebSocket frames)'],
  [/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(socket\.io|engine\.io|socket\.io-parser|socket\.io-adapter)[^/]*\//, 'socket.io / engine.io'],
  [/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(better-sqlite3|kysely)\//, 'SQLite (better-sqlite3, kysely)'],
  [/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(fastify|pino|avvio|find-my-way|light-my-request)[^/]*\//, 'fastify / pino'],
  [/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?zod\//, 'zod'],
  [/\/server\/src\//, 'Nudge server code'],
  [/^node:/, 'Node core (net, streams, timers)'],
]

function area(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'garbage collector'
  if (fn === '(program)') return 'V8/native (program)'
  for (const [re, name] of AREAS) if (re.test(url)) return name
  return url ? 'other JS' : 'native (socket writev, postMessage, …)'
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/')
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length)
  const src = url.indexOf('/server/src/')
  if (src >= 0) return url.slice(src + 1)
  return url.replace(/^file:\/\//, '')
}

/**
 * Self time per function from a V8 .cpuprofile (what `node --cpu-prof` writes), counting only
 * samples inside `window` (µs of CLOCK_MONOTONIC, the clock V8 stamps samples with and
 * process.hrtime reads), so room creation and connection set-up do not weigh in.
 */
export function summarizeProfile(file: string, window: { fromUs: number; toUs: number } | null, top = 15): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  let t = p.startTime
  p.samples.forEach((id, i) => {
    const d = p.timeDeltas[i] ?? 0
    t += d
    if (!window || (t >= window.fromUs && t <= window.toUs)) self.set(id, (self.get(id) ?? 0) + d)
  })
  let total = 0
  let idle = 0
  const fns = new Map<string, { function: string; location: string; us: number }>()
  const areas = new Map<string, number>()
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id)!
    total += us
    if (callFrame.functionName === '(idle)') {
      idle += us
      continue
    }
    const name = callFrame.functionName || '(anonymous)'
    const location = callFrame.url ? `${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}` : ''
    const key = `${name} ${location}`
    const f = fns.get(key) ?? { function: name, location, us: 0 }
    f.us += us
    fns.set(key, f)
    const a = area(callFrame.url, callFrame.functionName)
    areas.set(a, (areas.get(a) ?? 0) + us)
  }
  const busy = Math.max(1, total - idle)
  return {
    sampled_s: round(total / 1e6, 1),
    busy_pct: round(((total - idle) / Math.max(1, total)) * 100, 1),
    top_functions: [...fns.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ function: f.function, location: f.location, self_pct: round((f.us / busy) * 100, 1) })),
    by_area: [...areas.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([a, us]) => ({ area: a, self_pct: round((us / busy) * 100, 1) })),
  }
}
