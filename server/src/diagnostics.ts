import { PerformanceObserver, monitorEventLoopDelay, type PerformanceEntry } from 'node:perf_hooks'

/**
 * Opt-in diagnostics over the Node IPC channel, for a parent process that spawned this one
 * (the benchmark harness in tests/bench). Nothing is exposed on the network. The parent sends
 * `{ diag: 'stats', id, gc?, resetLoop? }` and gets back heap, RSS, event-loop delay since the
 * last reset and whatever `extra()` reports (rooms loaded, persistence counters).
 * `gc: true` forces a full collection first when the process runs with --expose-gc, so heap
 * figures mean "live memory", not "garbage not yet collected".
 */
export interface DiagnosticsRequest {
  diag: 'stats'
  id: number
  gc?: boolean
  resetLoop?: boolean
}

export interface DiagnosticsReply {
  diag: 'stats'
  id: number
  heapUsed: number
  heapTotal: number
  external: number
  arrayBuffers: number
  rss: number
  /** Event-loop delay since the last reset, ms: how late a 10 ms timer ran (the interval itself is subtracted). */
  loop: { p50: number; p99: number; max: number; mean: number }
  /** Garbage-collection pauses of the main thread since the last reset: count, total, longest, ms. */
  gc: { count: number; totalMs: number; maxMs: number; majorCount: number; majorMaxMs: number }
  extra: Record<string, unknown>
}

export function attachDiagnosticsIpc(extra: () => Record<string, unknown> = () => ({})): () => void {
  const send = process.send?.bind(process)
  if (!send) return () => {}
  const RESOLUTION_MS = 10
  const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  loop.enable()
  const gcStats = { count: 0, totalMs: 0, maxMs: 0, majorCount: 0, majorMaxMs: 0 }
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) {
      gcStats.count++
      gcStats.totalMs += e.duration
      gcStats.maxMs = Math.max(gcStats.maxMs, e.duration)
      // NODE_PERFORMANCE_GC_MAJOR = 4 (mark-sweep-compact)
      if (e.detail?.kind === 4) {
        gcStats.majorCount++
        gcStats.majorMaxMs = Math.max(gcStats.majorMaxMs, e.duration)
      }
    }
  })
  gcObserver.observe({ entryTypes: ['gc'] })
  // The histogram records whole timer intervals (≥ the resolution); report only the lateness.
  const ms = (ns: number) => (Number.isFinite(ns) ? Math.max(0, ns / 1e6 - RESOLUTION_MS) : 0)
  const onMessage = (m: unknown) => {
    if (!isRequest(m)) return
    const gc = (globalThis as { gc?: () => void }).gc
    if (m.gc && gc) gc()
    const mem = process.memoryUsage()
    const reply: DiagnosticsReply = {
      diag: 'stats',
      id: m.id,
      heapUsed: mem.heapUsed,
      heapTotal: mem.heapTotal,
      external: mem.external,
      arrayBuffers: mem.arrayBuffers,
      rss: mem.rss,
      loop: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max), mean: ms(loop.mean) },
      gc: { ...gcStats, totalMs: Math.round(gcStats.totalMs * 10) / 10, maxMs: Math.round(gcStats.maxMs * 10) / 10, majorMaxMs: Math.round(gcStats.majorMaxMs * 10) / 10 },
      extra: extra(),
    }
    if (m.resetLoop) {
      loop.reset()
      Object.assign(gcStats, { count: 0, totalMs: 0, maxMs: 0, majorCount: 0, majorMaxMs: 0 })
    }
    send(reply)
  }
  process.on('message', onMessage)
  // The channel must not keep a server alive that is otherwise shutting down.
  process.channel?.unref()
  return () => {
    process.off('message', onMessage)
    loop.disable()
    gcObserver.disconnect()
  }
}

function isRequest(m: unknown): m is DiagnosticsRequest {
  return typeof m === 'object' && m !== null && (m as { diag?: unknown }).diag === 'stats' && typeof (m as { id?: unknown }).id === 'number'
}
