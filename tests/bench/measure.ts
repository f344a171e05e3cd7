import type { DiagnosticsReply } from '@nudge/server/diagnostics.ts'
import type { BenchOptions } from './options.ts'
import type { ServerKind, WindowResult } from './protocol.ts'
import type { Run } from './results.ts'
import { waitPct } from './servers.ts'
import type { PersistStats, WindowMeasure } from './session.ts'
import { concat, round, summarize } from './stats.ts'

export const MB = 1024 * 1024

function persistStats(r: DiagnosticsReply): PersistStats | null {
  const p = r.extra.persistence as PersistStats | undefined
  return p ? { updateBytes: p.updateBytes, writtenBytes: p.writtenBytes } : null
}

/** One run from one or more windows of the same server and room count (samples pooled). */
export function buildRun(server: ServerKind, rooms: number, phase: Run['phase'], windows: WindowMeasure[], mem: DiagnosticsReply, opts: BenchOptions, connectFailures: number): Run {
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
  const mainTicks = total((w) => w.s1.mainTicks - w.s0.mainTicks)
  const loadTicks = total((w) => w.w1.reduce((n, s, i) => n + s.ticks - w.w0[i]!.ticks, 0))
  const deviceBytes = total((w) => w.s1.writeBytes - w.s0.writeBytes)
  const waitMs = total((w) => (w.s1.waitNs - w.s0.waitNs) / 1e6)
  const last = windows.at(-1)!
  const roundP99 = windows.map((w) => summarize(concat(w.parts.map((p) => p.edit))).p99)
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
    p99_rounds_ms: roundP99,
    p99_median_round_ms: null,
    rounds: windows.map((w, i) => ({
      p99_ms: roundP99[i]!,
      gc_major: w.after.gc?.majorCount ?? 0,
      gc_max_ms: round(w.after.gc?.maxMs ?? 0),
      loop_max_ms: round(w.after.loop.max),
      starved_pct: round(waitPct(w.s0, w.s1), 1),
    })),
    keystrokes: sum('keystrokesSent'),
    lost,
    cpu_pct: round((serverTicks / 100 / elapsed) * 100, 1),
    cpu_main_pct: round((mainTicks / 100 / elapsed) * 100, 1),
    rss_mb: round(last.s1.rss / MB, 1),
    heap_mb: round(mem.heapUsed / MB, 1),
    // The worst window's figure: event-loop stalls are what the latency tail is made of.
    event_loop_p50_ms: round(Math.max(...windows.map((w) => w.after.loop.p50))),
    event_loop_p99_ms: round(Math.max(...windows.map((w) => w.after.loop.p99))),
    event_loop_max_ms: round(Math.max(...windows.map((w) => w.after.loop.max))),
    gc_ms_per_s: round(total((w) => w.after.gc?.totalMs ?? 0) / elapsed),
    gc_max_ms: round(Math.max(...windows.map((w) => w.after.gc?.maxMs ?? 0))),
    gc_major: total((w) => w.after.gc?.majorCount ?? 0),
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
    cpu_ms_per_1k_keystrokes: sum('keystrokesSent') > 0 ? round(((serverTicks * 10) / sum('keystrokesSent')) * 1000, 1) : null,
    server_cpu_wait_pct: round((waitMs / 1000 / elapsed) * 100, 1),
    loadgen_cpu_pct: round((loadTicks / 100 / elapsed) * 100, 1),
    messages_per_s: messageRates(parts, elapsed),
    loadgen_loop_p99_ms: round(Math.max(...parts.map((p) => p.loopP99))),
    errors,
    error_samples: parts.flatMap((p) => p.errorSamples).slice(0, 5),
    ok: false,
    attempts: 1,
  }
  run.p99_median_round_ms = median(run.p99_rounds_ms.filter((v): v is number => v !== null))
  run.ok = edit.n > 0 && (edit.p99 ?? Infinity) < opts.p99LimitMs && errors === 0 && lost === 0
  return run
}

function messageRates(parts: WindowResult[], elapsed: number): Run['messages_per_s'] {
  const total = { sync: 0, awareness: 0, durable: 0, other: 0 }
  for (const p of parts) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += p.received[k]
  if (total.sync + total.awareness + total.durable + total.other === 0) return null
  const perS = (n: number) => Math.round(n / elapsed)
  return { sync: perS(total.sync), awareness: perS(total.awareness), durable: perS(total.durable), other: perS(total.other) }
}

export function median(v: number[]): number | null {
  if (v.length === 0) return null
  const s = [...v].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return round(s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2)
}

export function describe(r: Run): string {
  const f = (v: number | null) => (v === null ? '–' : v.toFixed(1))
  return (
    `${r.server} R=${r.rooms}: edit p50/p95/p99 ${f(r.p50_ms)}/${f(r.p95_ms)}/${f(r.p99_ms)} ms${r.p99_rounds_ms.length > 1 ? ` (p99 by round ${r.p99_rounds_ms.map(f).join('/')})` : ''} (n=${r.keystrokes}, lost ${r.lost}), ` +
    `cpu ${r.cpu_pct}% (event loop ${r.cpu_main_pct}%, starved ${r.server_cpu_wait_pct}%) rss ${r.rss_mb} MB, loop p99 ${r.event_loop_p99_ms} ms (max ${r.event_loop_max_ms}), gc ${r.gc_ms_per_s} ms/s (max ${r.gc_max_ms}, ${r.gc_major} major), cursor p99 ${f(r.awareness_p99_ms)}, hint p99 ${f(r.hint_p99_ms)}, ` +
    `durable p95 ${f(r.durable_p95_ms)}, resync p50 ${f(r.resync_p50_ms)}, load cpu ${r.loadgen_cpu_pct}%, errors ${r.errors}${r.error_samples.length ? ` (${r.error_samples[0]})` : ''}`
  )
}

export function reason(r: Run, opts: BenchOptions): string {
  if (r.errors > 0) return `${r.errors} errors (${r.error_samples[0] ?? ''})`
  if (r.lost > 0) return `${r.lost} keystrokes not delivered`
  return `p99 ${r.p99_ms} ms ≥ ${opts.p99LimitMs} ms`
}
