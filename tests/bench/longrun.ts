import { readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildRun, describe, MB } from './measure.ts'
import type { BenchOptions } from './options.ts'
import { documentHeapInChild } from './doc-model.ts'
import type { DocModel, LongRunResult, LongRunWindow } from './results.ts'
import { log, Session, type WindowMeasure } from './session.ts'
import { round } from './stats.ts'
import { sleep } from './session.ts'
import { takeTurns } from './phases.ts'

/** Bytes of every file directly in (or one level below) a server's data directory: SQLite file, WAL, shm. */
function dirBytes(dir: string | null): number {
  if (!dir) return 0
  let n = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isFile()) n += statSync(p).size
    else if (e.isDirectory()) for (const f of readdirSync(p, { withFileTypes: true })) if (f.isFile()) n += statSync(join(p, f.name)).size
  }
  return n
}

const persist = (w: WindowMeasure) => w.after.extra.persistence as { snapshots?: number; batches?: number; updateBytes?: number; writtenBytes?: number } | undefined

/**
 * `pnpm bench --long-run <minutes>`: one Nudge server under the comparison's workload at
 * `--rooms` for that long, measured in back-to-back windows of `--long-window` seconds. After each
 * window (outside it) the live heap is read after a full GC, with the data directory's size and the
 * persistence counters, so cost can be set against the log's size, the snapshots and the server's
 * age. The first and the last 10 minutes are pooled and compared; then a fresh server with as many
 * rooms takes turns with the aged one (age vs the machine's load of the hour). The JSON is rewritten after
 * every window, so an interrupted run keeps what it measured.
 */
export async function longRun(opts: BenchOptions, file: string): Promise<LongRunResult> {
  const spanS = Math.min(600, (opts.longRunMin * 60) / 2)
  const out: LongRunResult = {
    generated_at: new Date().toISOString(),
    minutes: opts.longRunMin,
    rooms: opts.rooms,
    window_s: opts.longWindowS,
    span_s: spanS,
    windows: [],
    first: null,
    last: null,
    aged: null,
    fresh: null,
    finished: false,
  }
  const s = await Session.open('nudge', opts)
  let fresh: Session | null = null
  const head: WindowMeasure[] = []
  let tail: { w: WindowMeasure; at: number }[] = []
  try {
    const failed = await s.growTo(opts.rooms)
    log(`long run: ${opts.rooms} rooms connected${failed ? ` (${failed} failed)` : ''}`)
    await s.activate()
    await sleep(opts.stepWarmupS * 1000)
    const t0 = performance.now()
    const endAt = t0 + opts.longRunMin * 60_000
    while (performance.now() + opts.longWindowS * 1000 <= endAt + 1000) {
      const at = (performance.now() - t0) / 1000
      const w = await s.window(opts.longWindowS)
      const mem = await s.memory()
      const run = buildRun('nudge', opts.rooms, 'long', [w], mem, opts, failed)
      const p = persist(w)
      const win: LongRunWindow = {
        at_s: round(at, 0),
        run,
        heap_after_gc_mb: round(mem.heapUsed / MB, 1),
        rss_mb: round(mem.rss / MB, 1),
        data_dir_mb: round(dirBytes(s.srv.dataDir) / MB, 1),
        snapshots: p?.snapshots ?? null,
        batches: p?.batches ?? null,
        update_mb: p?.updateBytes != null ? round(p.updateBytes / MB, 2) : null,
        written_mb: p?.writtenBytes != null ? round(p.writtenBytes / MB, 2) : null,
      }
      out.windows.push(win)
      log(`long run ${Math.round(at / 60)} min: ${describe(run)}; cpu/1k ${run.cpu_ms_per_1k_keystrokes} ms, heap ${win.heap_after_gc_mb} MB, data ${win.data_dir_mb} MB`)
      // Windows that start in the first span are pooled as "first"; a rolling set as "last".
      if (at < spanS) head.push(w)
      tail.push({ w, at })
      const cut = (performance.now() - t0) / 1000 - spanS
      tail = tail.filter((x) => x.at >= cut - opts.longWindowS / 2)
      out.first = buildRun('nudge', opts.rooms, 'long', head, mem, opts, failed)
      writeFileSync(file, JSON.stringify(out, null, 2) + '\n')
    }
    const lastMem = await s.memory()
    // The last span: the windows that started in the last `spanS` seconds (never the first ones).
    const lastWs = tail.filter((x) => !head.includes(x.w)).map((x) => x.w)
    out.last = lastWs.length ? buildRun('nudge', opts.rooms, 'long', lastWs, lastMem, opts, failed) : null
    writeFileSync(file, JSON.stringify(out, null, 2) + '\n')
    // Age or machine? A fresh server with as many rooms takes turns with the aged one under the
    // same workload: whatever the machine does meanwhile hits both alike.
    await s.quiesce()
    // Content or leak? What the documents alone hold, typed for as long (measured while no load runs).
    out.doc_model = await docModel(out, opts)
    log(`long run: the documents alone grew the heap by ${out.doc_model.growth_mb} MB between the first and the last window`)
    writeFileSync(file, JSON.stringify(out, null, 2) + '\n')
    log('long run: a fresh server takes turns with the aged one')
    fresh = await Session.open('nudge', opts)
    await fresh.growTo(opts.rooms)
    const turns = { ...opts, windowS: opts.longTurnS, warmupS: Math.min(opts.warmupS, 5) }
    const discarded: { starved_pct: Record<string, number> }[] = []
    const ws = await takeTurns([s, fresh], turns, discarded)
    out.aged = buildRun('nudge', opts.rooms, 'long', ws.get(s)!, await s.memory(), opts, failed)
    out.fresh = buildRun('nudge', opts.rooms, 'long', ws.get(fresh)!, await fresh.memory(), opts, fresh.connectFailures)
    log(`aged: ${describe(out.aged)}`)
    log(`fresh: ${describe(out.fresh)}`)
    out.finished = true
  } finally {
    await s.close()
    await fresh?.close()
  }
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n')
  return out
}

/**
 * The heap the rooms' documents hold at the run's first and last window: documents typed as the
 * workload types (its keys a second, from activation to the window's end), a sample of
 * `docs` in a process of its own, scaled to the run's rooms.
 */
export async function docModel(lr: LongRunResult, opts: BenchOptions, docs = 40): Promise<DocModel> {
  const first = lr.windows[0]
  const last = lr.windows.at(-1)
  if (!first || !last) throw new Error('the long run measured no window')
  const keysAt = (w: LongRunWindow) => Math.round(opts.workload.typingCps * (opts.stepWarmupS + w.at_s + lr.window_s))
  const a = await documentHeapInChild(keysAt(first), docs)
  const b = await documentHeapInChild(keysAt(last), docs)
  return {
    docs_sampled: docs,
    first_keys_per_room: keysAt(first),
    last_keys_per_room: keysAt(last),
    first_heap_kb_per_room: a.heap_kb,
    last_heap_kb_per_room: b.heap_kb,
    growth_mb: round(((b.heap_kb - a.heap_kb) * lr.rooms) / 1024, 1),
  }
}
