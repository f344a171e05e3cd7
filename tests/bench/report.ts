import { USAGE } from './options.ts'
import { median } from './measure.ts'
import type { ServerKind } from './protocol.ts'
import { capacityRuns, type LongRunWindow, type Results, type Run, type ScaledResult } from './results.ts'

const NAMES: Record<ServerKind, string> = { nudge: 'Nudge (SQLite)', 'y-websocket': 'y-websocket relay', hocuspocus: 'Hocuspocus' }
const COLORS: Record<ServerKind, string> = { nudge: '#2563eb', 'y-websocket': '#f97316', hocuspocus: '#16a34a' }
const f = (v: number | null | undefined, d = 1) => (v === null || v === undefined ? '–' : v.toFixed(d))
const ratio = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null || b === 0 ? null : a / b)
const fx = (v: number | null) => (v === null ? '–' : `${v.toFixed(2)}×`)

function compareRuns(r: Results): Run[] {
  return r.runs.filter((x) => x.phase === 'compare')
}

/** Two panels: latency at the comparison room count per server, and Nudge's p99 as rooms grow. */
export function renderSvg(r: Results): string {
  const W = 920
  const H = 360
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
  ]
  // Left: grouped bars p50/p95/p99.
  const runs = compareRuns(r)
  const L = { x: 60, y: 40, w: 360, h: 260 }
  const p99 = (x: Run) => x.p99_median_round_ms ?? x.p99_ms ?? 0
  const maxL = niceMax(Math.max(1, ...runs.map((x) => Math.max(p99(x), x.p95_ms ?? 0))))
  out.push(`<text x="${L.x}" y="22" font-size="14" font-weight="600">Edit propagation at R = ${r.params.rooms} (ms)</text>`)
  out.push(`<text x="${L.x}" y="35" font-size="10" fill="#555">p99: median of the ${r.params.rounds} rounds' p99</text>`)
  axis(out, L, maxL)
  const group = L.w / Math.max(1, runs.length)
  runs.forEach((run, i) => {
    const vals = [run.p50_ms ?? 0, run.p95_ms ?? 0, p99(run)]
    const bw = (group - 24) / 3
    vals.forEach((v, j) => {
      const h = (v / maxL) * L.h
      const x = L.x + i * group + 12 + j * bw
      out.push(`<rect x="${x.toFixed(1)}" y="${(L.y + L.h - h).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[run.server]}" fill-opacity="${[0.45, 0.7, 1][j]}"/>`)
      out.push(`<text x="${(x + bw / 2 - 1).toFixed(1)}" y="${(L.y + L.h - h - 4).toFixed(1)}" text-anchor="middle" font-size="10">${v.toFixed(1)}</text>`)
    })
    out.push(`<text x="${(L.x + i * group + group / 2).toFixed(1)}" y="${L.y + L.h + 16}" text-anchor="middle">${NAMES[run.server]}</text>`)
    out.push(`<text x="${(L.x + i * group + group / 2).toFixed(1)}" y="${L.y + L.h + 30}" text-anchor="middle" font-size="10" fill="#555">p50 · p95 · p99</text>`)
  })
  // Right: Nudge p50/p99 vs rooms, with the limit.
  const R = { x: 520, y: 40, w: 370, h: 260 }
  // One line per server: its fresh sweep where there was one (the after-comparison step that
  // failed is drawn as a lone hollow point), else the sweep on the comparison's server.
  const sweep = (kind: ServerKind) => {
    const all = capacityRuns(r.runs, kind)
    const fresh = all.filter((x) => x.sweep === 'fresh')
    return fresh.length ? { line: fresh, lone: all.filter((x) => x.sweep !== 'fresh') } : { line: all, lone: [] as Run[] }
  }
  const { line: pts, lone } = sweep('nudge')
  const limit = r.params.p99_limit_ms
  // Capped at 4× the limit: a starved step's seconds-long tail would flatten everything else.
  const maxR = niceMax(Math.min(limit * 4, Math.max(limit * 1.2, ...pts.map((x) => x.p99_ms ?? 0))))
  // The x axis spans the steps measured (with a margin on the left), not 0 to the largest step.
  const stepped = r.runs.filter((x) => x.phase === 'capacity').map((x) => x.rooms)
  const maxRooms = Math.max(1, ...stepped)
  const firstStep = Math.min(maxRooms, ...stepped)
  const minRooms = Math.max(0, firstStep - Math.max(1, maxRooms - firstStep) * 0.1)
  out.push(`<text x="${R.x}" y="22" font-size="14" font-weight="600">On one core: latency as rooms grow (ms)</text>`)
  axis(out, R, maxR)
  const px = (rooms: number) => R.x + ((rooms - minRooms) / Math.max(1, maxRooms - minRooms)) * R.w
  const py = (ms: number) => R.y + R.h - (Math.min(ms, maxR) / maxR) * R.h
  out.push(`<line x1="${R.x}" x2="${R.x + R.w}" y1="${py(limit).toFixed(1)}" y2="${py(limit).toFixed(1)}" stroke="#dc2626" stroke-dasharray="5 4"/>`)
  out.push(`<text x="${R.x + 6}" y="${(py(limit) - 5).toFixed(1)}" fill="#dc2626" font-size="11">p99 limit ${limit} ms</text>`)
  for (const [key, opacity, label] of [['p50_ms', 0.5, 'p50'], ['p99_ms', 1, 'p99']] as const) {
    const line = pts.filter((p) => p[key] !== null).map((p) => `${px(p.rooms).toFixed(1)},${py(p[key]!).toFixed(1)}`)
    if (line.length) out.push(`<polyline points="${line.join(' ')}" fill="none" stroke="${COLORS.nudge}" stroke-opacity="${opacity}" stroke-width="2"/>`)
    for (const p of pts) {
      if (p[key] === null) continue
      out.push(`<circle cx="${px(p.rooms).toFixed(1)}" cy="${py(p[key]!).toFixed(1)}" r="3" fill="${p.ok || key === 'p50_ms' ? COLORS.nudge : '#dc2626'}" fill-opacity="${opacity}"/>`)
    }
    const last = pts.filter((p) => p[key] !== null).at(-1)
    if (last) out.push(`<text x="${(px(last.rooms) - 6).toFixed(1)}" y="${(py(last[key]!) - 6).toFixed(1)}" text-anchor="end" font-size="10">${label}</text>`)
  }
  // The bare relay's p99 on the same core, where its capacity was stepped too: the bound for any Yjs server.
  const refSweep = sweep('y-websocket')
  const ref = refSweep.line.filter((x) => x.p99_ms !== null)
  for (const [p, color] of [...lone.map((x) => [x, COLORS.nudge] as const), ...refSweep.lone.map((x) => [x, COLORS['y-websocket']] as const)]) {
    if (p.p99_ms === null) continue
    out.push(`<circle cx="${px(p.rooms).toFixed(1)}" cy="${py(p.p99_ms).toFixed(1)}" r="4" fill="#fff" stroke="${color}" stroke-width="1.5"/>`)
  }
  if (lone.length || refSweep.lone.length) out.push(`<text x="${R.x + 6}" y="${R.y + 12}" font-size="10" fill="#555">hollow: the comparison's server, after its rounds</text>`)
  if (ref.length) {
    out.push(`<polyline points="${ref.map((p) => `${px(p.rooms).toFixed(1)},${py(p.p99_ms!).toFixed(1)}`).join(' ')}" fill="none" stroke="${COLORS['y-websocket']}" stroke-width="2" stroke-dasharray="4 3"/>`)
    for (const p of ref) out.push(`<circle cx="${px(p.rooms).toFixed(1)}" cy="${py(p.p99_ms!).toFixed(1)}" r="3" fill="${COLORS['y-websocket']}"/>`)
    const lastRef = ref.at(-1)!
    out.push(`<text x="${(px(lastRef.rooms) - 6).toFixed(1)}" y="${(py(lastRef.p99_ms!) - 8).toFixed(1)}" text-anchor="end" font-size="10" fill="${COLORS['y-websocket']}">relay p99</text>`)
  }
  // Every step drawn gets its label, the relay's fresh sweep included (it may start lower than Nudge's).
  const stepRooms = [...new Set([...pts, ...lone, ...ref, ...refSweep.lone].map((p) => p.rooms))].sort((a, b) => a - b)
  for (const rooms of stepRooms) out.push(`<text x="${px(rooms).toFixed(1)}" y="${R.y + R.h + 16}" text-anchor="middle" font-size="10">${rooms}</text>`)
  out.push(`<text x="${R.x + R.w / 2}" y="${R.y + R.h + 32}" text-anchor="middle">rooms (candidate + interviewer${r.params.workload.observerRatio ? ' + observer in some' : ''})</text>`)
  out.push(`<text x="${W / 2}" y="${H - 8}" text-anchor="middle" font-size="10" fill="#555">${r.generated_at.slice(0, 16).replace('T', ' ')} UTC · ${r.machine.cores} cores, server on core ${r.machine.server_core ?? '–'}, load on core ${r.machine.load_core ?? '–'} · shared, noisy machine: compare ratios, not absolutes</text>`)
  out.push('</svg>')
  return out.join('\n') + '\n'
}

function niceMax(v: number): number {
  const mag = 10 ** Math.floor(Math.log10(v))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= v) return m * mag
  return 10 * mag
}

function axis(out: string[], a: { x: number; y: number; w: number; h: number }, max: number): void {
  out.push(`<line x1="${a.x}" x2="${a.x}" y1="${a.y}" y2="${a.y + a.h}" stroke="#333"/>`)
  out.push(`<line x1="${a.x}" x2="${a.x + a.w}" y1="${a.y + a.h}" y2="${a.y + a.h}" stroke="#333"/>`)
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4
    const y = a.y + a.h - (i / 4) * a.h
    out.push(`<line x1="${a.x - 4}" x2="${a.x + a.w}" y1="${y}" y2="${y}" stroke="#e5e7eb"/>`)
    out.push(`<text x="${a.x - 6}" y="${y + 4}" text-anchor="end" font-size="10">${Number.isInteger(v) ? v : v.toFixed(1)}</text>`)
  }
}

interface Target {
  name: string
  target: string
  measured: string
  met: boolean | null
}

export function targets(r: Results): Target[] {
  const by = (s: ServerKind) => compareRuns(r).find((x) => x.server === s)
  const nudge = by('nudge')
  const relay = by('y-websocket')
  // The median of the rounds' p99s: a round that coincided with someone else's burst moves it little.
  const q = ratio(nudge?.p99_median_round_ms, relay?.p99_median_round_ms)
  const mem = r.memory.nudge
  const cap = r.capacity_rooms_per_core
  const after = r.capacity.nudge?.after_compare
  const refCap = (r.capacity['y-websocket']?.tested.length ?? 0) > 0 ? r.capacity['y-websocket'] : undefined
  const freshAtR = r.runs.find((x) => x.server === 'nudge' && x.phase === 'capacity' && x.sweep === 'fresh' && x.rooms === r.params.rooms)
  const gen = loadgenLimit(r)
  return [
    { name: `p99 propagation at R=${r.params.rooms} vs bare relay`, target: '≤ 1.2×', measured: q === null ? '–' : `${fx(q)} (median of the rounds' p99: ${f(nudge?.p99_median_round_ms)} vs ${f(relay?.p99_median_round_ms)} ms; pooled ${fx(ratio(nudge?.p99_ms, relay?.p99_ms))})`, met: q === null ? null : q <= 1.2 },
    { name: 'Capacity (p99 < 50 ms, no errors), one core', target: '≥ 1,500 rooms', measured: `${cap} rooms${r.capacity.nudge?.stopped_at ? ` (stopped at ${r.capacity.nudge.stopped_at}: ${r.capacity.nudge.reason})` : ' (no step failed)'}${after ? `; the server that had run the comparison failed at ${after.rooms}` : ''}${refCap ? `; the bare relay on the same core: ${refCap.capacity_rooms} rooms${refCap.stopped_at ? ` (failed at ${refCap.stopped_at})` : ''}` : ''}${gen && gen.busy80 < 1500 ? `; the load generator's one core is 80 % busy at about ${gen.busy80} rooms (1,500 would take ${gen.pct1500} % of a core)` : ''}`, met: r.capacity.nudge ? cap >= 1500 : null },
    { name: 'Idle loaded room (live heap)', target: '≤ 100 KB', measured: mem ? `${f(mem.idle_heap_kb_per_room)} KB heap, ${f(mem.idle_rss_kb_per_room)} KB RSS` : '–', met: mem ? mem.idle_heap_kb_per_room <= 100 : null },
    { name: 'Durable-save latency p95', target: '≤ 50 ms', measured: nudge?.durable_p95_ms != null ? `${f(nudge.durable_p95_ms)} ms in the comparison (p50 ${f(nudge.durable_p50_ms)})${freshAtR?.durable_p95_ms != null ? `; ${f(freshAtR.durable_p95_ms)} ms on a fresh server at ${freshAtR.rooms} rooms` : ''}` : '–', met: nudge?.durable_p95_ms != null ? nudge.durable_p95_ms <= 50 : null },
    { name: `CPU per 1,000 keystrokes vs bare relay (same run, R=${r.params.rooms})`, target: '≤ 1.0×', measured: nudge?.cpu_ms_per_1k_keystrokes != null && relay?.cpu_ms_per_1k_keystrokes != null ? `${fx(ratio(nudge.cpu_ms_per_1k_keystrokes, relay.cpu_ms_per_1k_keystrokes))} (${f(nudge.cpu_ms_per_1k_keystrokes)} vs ${f(relay.cpu_ms_per_1k_keystrokes)} ms)` : '–', met: nudge?.cpu_ms_per_1k_keystrokes != null && relay?.cpu_ms_per_1k_keystrokes != null ? nudge.cpu_ms_per_1k_keystrokes <= relay.cpu_ms_per_1k_keystrokes : null },
    { name: 'CPU-projected capacity (80 % of one core)', target: '≥ 1,500 rooms', measured: r.capacity.nudge?.cpu_projection_rooms ? `${r.capacity.nudge.cpu_projection_rooms} rooms` : '–', met: r.capacity.nudge?.cpu_projection_rooms ? r.capacity.nudge.cpu_projection_rooms >= 1500 : null },
    { name: 'Idle RSS per loaded room vs bare relay', target: '≤ 2×', measured: mem && r.memory['y-websocket'] ? `${fx(ratio(mem.idle_rss_kb_per_room, r.memory['y-websocket'].idle_rss_kb_per_room))} (${f(mem.idle_rss_kb_per_room)} vs ${f(r.memory['y-websocket'].idle_rss_kb_per_room)} KB)${r.ab?.memory.nudge && r.ab.memory['y-websocket'] ? `; read once RSS has settled (${r.ab.generated_at.slice(0, 10)}, R = ${r.ab.params.rooms}): ${fx(ratio(r.ab.memory.nudge.idle_rss_kb_per_room, r.ab.memory['y-websocket'].idle_rss_kb_per_room))} (${f(r.ab.memory.nudge.idle_rss_kb_per_room)} vs ${f(r.ab.memory['y-websocket'].idle_rss_kb_per_room)} KB)` : ''}` : '–', met: mem && r.memory['y-websocket'] ? mem.idle_rss_kb_per_room <= 2 * r.memory['y-websocket'].idle_rss_kb_per_room : null },
    ...longRunTargets(r),
    ...(r.scaled ? [scaledTarget(r.scaled)] : []),
    { name: 'Write amplification (UpdateLog.stats)', target: '≤ 1.5×', measured: nudge?.write_amplification != null ? fx(nudge.write_amplification) : '–', met: nudge?.write_amplification != null ? nudge.write_amplification <= 1.5 : null },
  ]
}

/**
 * Scaled mode's goal. A setup that fell behind (keystrokes late, or its event loop starved for a
 * third of the time or more) batched its backlog, which lowers CPU per keystroke: not a verdict.
 */
function scaledTarget(sc: ScaledResult): Target {
  const behind = [sc.single, sc.cluster].some((x) => x.lost > 0 || x.server_cpu_wait_pct >= 35)
  return {
    name: `Scaled mode (2 nodes, PostgreSQL + Redis) CPU per keystroke vs single-node SQLite, R=${sc.rooms}`,
    target: '≤ 1.3×',
    measured: `${fx(sc.cpu_ratio)} (${f(sc.cluster.cpu_ms_per_1k_keystrokes)} vs ${f(sc.single.cpu_ms_per_1k_keystrokes)} ms per 1,000 keystrokes, both nodes together; cross-node p50 / p99 ${f(sc.cluster.p50_ms)} / ${f(sc.cluster.p99_ms)} ms)${behind ? `; the servers fell behind (starved ${f(sc.single.server_cpu_wait_pct)} / ${f(sc.cluster.server_cpu_wait_pct)} %, ${sc.cluster.lost} keystrokes late in the cluster), so the ratio is not a verdict` : ''}`,
    met: behind || sc.cpu_ratio === null ? null : sc.cpu_ratio <= 1.3,
  }
}

/** The long run's goal: the last 10 minutes within 1.2× of the first (CPU per keystroke, p99, durable p95) and the heap flat. */
function longRunTargets(r: Results): Target[] {
  const lr = r.long_run
  if (lr && (!lr.first || !lr.last)) {
    return [{ name: `Long run (${lr.minutes} min at ${lr.rooms} rooms)`, target: 'last 10 min ≤ 1.2× the first; heap flat', measured: `cut short after ${lr.windows.length} windows (to minute ${Math.floor((lr.windows.at(-1)?.at_s ?? 0) / 60)}); see Cost over time`, met: null }]
  }
  if (!lr?.first || !lr.last) return []
  const a = lr.first
  const b = lr.last
  const q = (x: number | null, y: number | null) => ratio(y, x)
  const parts = [q(a.cpu_ms_per_1k_keystrokes, b.cpu_ms_per_1k_keystrokes), q(a.p99_ms, b.p99_ms), q(a.durable_p95_ms, b.durable_p95_ms)]
  const heapFirst = lr.windows.filter((w) => w.at_s < lr.span_s).map((w) => w.heap_after_gc_mb)
  const heapLast = lr.windows.filter((w) => w.at_s >= lr.windows.at(-1)!.at_s - lr.span_s + lr.window_s / 2).map((w) => w.heap_after_gc_mb)
  const heapQ = ratio(median(heapLast), median(heapFirst))
  // The documents grow as the workload types into them; "flat" is the heap apart from them: its
  // growth from the first window to the last set against what the documents alone grew by.
  const grew = (lr.windows.at(-1)?.heap_after_gc_mb ?? 0) - (lr.windows[0]?.heap_after_gc_mb ?? 0)
  const model = lr.doc_model
  const beyond = model ? ratio(grew, model.growth_mb) : null
  const heapText = model
    ? `heap after GC +${f(grew)} MB from the first window to the last, the documents' content +${f(model.growth_mb)} MB (${fx(beyond)})`
    : `heap after GC ${fx(heapQ)}`
  return [{
    name: `Long run (${lr.minutes} min at ${lr.rooms} rooms): last ${Math.round(lr.span_s / 60)} min ÷ first`,
    target: model ? '≤ 1.2× each; heap flat apart from the documents (growth ≤ 1.2× theirs)' : '≤ 1.2× each; heap flat',
    measured: `CPU per keystroke ${fx(parts[0]!)}, p99 ${fx(parts[1]!)}, durable p95 ${fx(parts[2]!)}, ${heapText} (starved ${f(a.server_cpu_wait_pct)} % → ${f(b.server_cpu_wait_pct)} %)${lr.aged && lr.fresh ? `; then aged ÷ fresh server taking turns: CPU per keystroke ${fx(ratio(lr.aged.cpu_ms_per_1k_keystrokes, lr.fresh.cpu_ms_per_1k_keystrokes))}, p99 ${fx(ratio(lr.aged.p99_ms, lr.fresh.p99_ms))}` : ''}${lr.finished ? '' : ' (run cut short)'}`,
    met: parts.every((x) => x !== null && x <= 1.2) && (model ? beyond !== null && beyond <= 1.2 : heapQ !== null && heapQ <= 1.2),
  }]
}

/** The long run: per window, and the first and last span pooled. */
function longRunSection(r: Results): string[] {
  const lr = r.long_run
  if (!lr) return []
  const out: string[] = []
  const p = (s = '') => out.push(s)
  p(`## Cost over time (long run)`)
  p()
  p(`\`pnpm bench --long-run ${lr.minutes} --rooms ${lr.rooms}\` on ${lr.generated_at.slice(0, 16).replace('T', ' ')} UTC: one Nudge server under the workload above for ${lr.minutes} minutes, measured in back-to-back windows of ${lr.window_s} s; after each window (outside it) the live heap after a full GC, the data directory's size and the update log's counters. Then a fresh server with as many rooms takes turns with the aged one, so the hour's other load on the machine hits both alike.${lr.finished ? '' : ' **The run was cut short**: the figures are those of the windows measured.'}`)
  p()
  const row = (label: string, x: Run | null) =>
    x ? `| ${label} | ${x.window_s} s | ${f(x.cpu_ms_per_1k_keystrokes)} ms | ${f(x.cpu_pct)} % | ${f(x.p50_ms)} / ${f(x.p99_ms)} ms | ${f(x.durable_p95_ms)} ms | ${f(x.awareness_p99_ms)} ms | ${f(x.server_cpu_wait_pct)} % | ${f(x.loadgen_cpu_pct)} % | ${x.errors} / ${x.lost} |` : `| ${label} | – | | | | | | | | |`
  p('| span | measured | CPU / 1,000 keystrokes | CPU | edit p50 / p99 | durable p95 | cursor p99 | starved | load-gen CPU | errors / lost |')
  p('|---|---|---|---|---|---|---|---|---|---|')
  p(row(`first ${Math.round(lr.span_s / 60)} min`, lr.first))
  p(row(`last ${Math.round(lr.span_s / 60)} min`, lr.last))
  if (lr.first && lr.last) {
    const a = lr.first
    const b = lr.last
    p(`| last ÷ first | | **${fx(ratio(b.cpu_ms_per_1k_keystrokes, a.cpu_ms_per_1k_keystrokes))}** | ${fx(ratio(b.cpu_pct, a.cpu_pct))} | – / **${fx(ratio(b.p99_ms, a.p99_ms))}** | **${fx(ratio(b.durable_p95_ms, a.durable_p95_ms))}** | ${fx(ratio(b.awareness_p99_ms, a.awareness_p99_ms))} | | | |`)
  }
  p(row('aged server, taking turns', lr.aged))
  p(row('fresh server, taking turns', lr.fresh))
  p()
  // Per-window medians of the first and last spans measured: also there when the run was cut short.
  const endAt = lr.windows.at(-1)?.at_s ?? 0
  const spans = [
    [`first ${Math.round(lr.span_s / 60)} min`, lr.windows.filter((w) => w.at_s < lr.span_s)],
    [`last ${Math.round(lr.span_s / 60)} min measured (to minute ${Math.floor(endAt / 60)})`, lr.windows.filter((w) => w.at_s > endAt - lr.span_s + lr.window_s / 2 && w.at_s >= lr.span_s)],
  ] as const
  const med = (ws: readonly LongRunWindow[], pick: (w: LongRunWindow) => number | null) => median(ws.map(pick).filter((v): v is number => v !== null))
  const meds = spans.map(([label, ws]) => ({ label, n: ws.length, cpu: med(ws, (w) => w.run.cpu_ms_per_1k_keystrokes), p99: med(ws, (w) => w.run.p99_ms), dur: med(ws, (w) => w.run.durable_p95_ms), starved: med(ws, (w) => w.run.server_cpu_wait_pct), heap: med(ws, (w) => w.heap_after_gc_mb) }))
  if (meds.every((m) => m.n > 0)) {
    p('Median of the windows in each span (robust to one disturbed window; also there for a run cut short):')
    p()
    p('| span | windows | CPU / 1,000 keystrokes | edit p99 | durable p95 | starved | heap after GC |')
    p('|---|---|---|---|---|---|---|')
    for (const m of meds) p(`| ${m.label} | ${m.n} | ${f(m.cpu)} ms | ${f(m.p99)} ms | ${f(m.dur)} ms | ${f(m.starved)} % | ${f(m.heap)} MB |`)
    const [a, b] = meds as [(typeof meds)[0], (typeof meds)[0]]
    p(`| last ÷ first | | **${fx(ratio(b.cpu, a.cpu))}** | **${fx(ratio(b.p99, a.p99))}** | **${fx(ratio(b.dur, a.dur))}** | | ${fx(ratio(b.heap, a.heap))} |`)
    p()
  }
  const model = lr.doc_model
  if (model && lr.windows.length > 1) {
    const grew = lr.windows.at(-1)!.heap_after_gc_mb - lr.windows[0]!.heap_after_gc_mb
    p(`**The heap and the documents.** From the first window to the last the live heap grew by ${f(grew)} MB. The documents alone account for ${f(model.growth_mb)} MB of it: a document typed into as the workload types (${model.first_keys_per_room} keys by the first window, ${model.last_keys_per_room} by the last) holds ${f(model.first_heap_kb_per_room)} KB and then ${f(model.last_heap_kb_per_room)} KB of heap (${model.docs_sampled} sampled in a process of their own: \`pnpm --filter @nudge/tests bench:doc-heap\`), × ${lr.rooms} rooms. Growth beyond the documents: ${f(grew - model.growth_mb)} MB (${fx(ratio(grew, model.growth_mb))} of theirs).`)
    p()
  }
  p('Window by window (minute the window began): server CPU per 1,000 keystrokes, latency, how long the event loop waited for its core (other load), and what the server had accumulated by then.')
  p()
  p('| min | CPU / 1k keys | CPU (loop) | edit p99 | durable p95 | starved | heap after GC | RSS | data dir | snapshots | update MB received | written MB | full GCs |')
  p('|---|---|---|---|---|---|---|---|---|---|---|---|---|')
  for (const w of lr.windows) {
    const x = w.run
    p(`| ${Math.floor(w.at_s / 60)} | ${f(x.cpu_ms_per_1k_keystrokes)} ms | ${f(x.cpu_pct)} % (${f(x.cpu_main_pct)}) | ${f(x.p99_ms)} ms | ${f(x.durable_p95_ms)} ms | ${f(x.server_cpu_wait_pct)} % | ${f(w.heap_after_gc_mb)} MB | ${f(w.rss_mb)} MB | ${f(w.data_dir_mb)} MB | ${w.snapshots ?? '–'} | ${f(w.update_mb, 2)} | ${f(w.written_mb, 2)} | ${x.gc_major} |`)
  }
  p()
  return out
}

/** Scaled mode: one SQLite node vs two nodes on PostgreSQL + Redis, taking turns. */
function scaledSection(r: Results): string[] {
  const sc = r.scaled
  if (!sc) return []
  const out: string[] = []
  const p = (s = '') => out.push(s)
  p('## Scaled mode: the price of a second node')
  p()
  p(`\`pnpm bench --scaled --rooms ${sc.rooms}\` on ${sc.generated_at.slice(0, 16).replace('T', ' ')} UTC: a single Nudge node on SQLite and a cluster of two nodes (PostgreSQL, Redis streams relay) took turns under the same workload, ${sc.rounds} rounds. In the cluster every room's candidate is on node 1 and its interviewer and observer on node 2, so every keystroke crosses nodes: the cluster's edit latency is the cross-node propagation. Both nodes are pinned to the server core; CPU per keystroke is both nodes' together. PostgreSQL and Redis run unpinned, their CPU beside it.`)
  p()
  p('| setup | CPU / 1,000 keystrokes | CPU | per node | Redis | PostgreSQL | edit p50 / p95 / p99 | durable p95 | hint p99 | starved | errors / lost |')
  p('|---|---|---|---|---|---|---|---|---|---|---|')
  const x = sc.single
  const c = sc.cluster
  p(`| one node, SQLite | ${f(x.cpu_ms_per_1k_keystrokes)} ms | ${f(x.cpu_pct)} % | – | – | – | ${f(x.p50_ms)} / ${f(x.p95_ms)} / ${f(x.p99_ms)} ms | ${f(x.durable_p95_ms)} ms | ${f(x.hint_p99_ms)} ms | ${f(x.server_cpu_wait_pct)} % | ${x.errors} / ${x.lost} |`)
  p(`| two nodes, PostgreSQL + Redis | ${f(c.cpu_ms_per_1k_keystrokes)} ms | ${f(c.cpu_pct)} % | ${sc.node_cpu_pct.map((v) => `${f(v)} %`).join(' + ')} | ${f(sc.redis_cpu_pct)} % | ${f(sc.postgres_cpu_pct)} % | **${f(c.p50_ms)} / ${f(c.p95_ms)} / ${f(c.p99_ms)} ms** (cross-node) | ${f(c.durable_p95_ms)} ms | ${f(c.hint_p99_ms)} ms | ${f(c.server_cpu_wait_pct)} % | ${c.errors} / ${c.lost} |`)
  p(`| cluster ÷ one node | **${fx(sc.cpu_ratio)}** | ${fx(ratio(c.cpu_pct, x.cpu_pct))} | | | | ${fx(ratio(c.p50_ms, x.p50_ms))} / ${fx(ratio(c.p95_ms, x.p95_ms))} / ${fx(ratio(c.p99_ms, x.p99_ms))} | ${fx(ratio(c.durable_p95_ms, x.durable_p95_ms))} | | | |`)
  p()
  return out
}

/**
 * A later comparison run kept beside the full one (benchmarks-ab.json): every server with its CPU
 * per keystroke and settled idle memory per room, and the A/B variants of that run.
 */
function abSection(r: Results): string[] {
  const ab = r.ab
  if (!ab) return []
  const out: string[] = [
    `## Side by side on ${ab.generated_at.slice(0, 16).replace('T', ' ')} UTC, R = ${ab.params.rooms} (issue #23 figures)`,
    '',
    `\`pnpm bench\` with ${ab.params.rounds} rounds of ${Math.round(ab.params.window_s / ab.params.rounds)} s per server${(ab.variants ?? []).length ? `, and the A/B variants in the same rounds (\`BENCH_NUDGE_VARIANTS\`)` : ''}; load average ${ab.machine.loadavg_start.join(' / ')} at the start. Idle memory is read once RSS has settled (see Method). _starved_ is the share of the window the server waited for its core.`,
    '',
    '| server | CPU / 1,000 keystrokes | CPU (event loop) | edit p50 / p99 (median of rounds) | durable p95 | starved | idle heap / room | idle RSS / room | active RSS / room | baseline RSS |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ]
  for (const x of compareRuns(ab)) {
    const m = ab.memory[x.server]
    out.push(`| ${NAMES[x.server]} | **${f(x.cpu_ms_per_1k_keystrokes)} ms** | ${f(x.cpu_pct)} % (${f(x.cpu_main_pct)}) | ${f(x.p50_ms)} / ${f(x.p99_median_round_ms)} ms | ${f(x.durable_p95_ms)} ms | ${f(x.server_cpu_wait_pct)} % | ${f(m?.idle_heap_kb_per_room)} KB | **${f(m?.idle_rss_kb_per_room)} KB** | ${f(m?.active_rss_kb_per_room)} KB | ${f(m?.baseline_rss_mb)} MB |`)
  }
  for (const x of ab.variants ?? []) out.push(`| Nudge, ${x.variant} | **${f(x.cpu_ms_per_1k_keystrokes)} ms** | ${f(x.cpu_pct)} % (${f(x.cpu_main_pct)}) | ${f(x.p50_ms)} / ${f(x.p99_median_round_ms)} ms | ${f(x.durable_p95_ms)} ms | ${f(x.server_cpu_wait_pct)} % | ${f(x.idle_heap_kb_per_room)} KB | **${f(x.idle_rss_kb_per_room)} KB** | – | – |`)
  const n = compareRuns(ab).find((x) => x.server === 'nudge')
  const y = compareRuns(ab).find((x) => x.server === 'y-websocket')
  if (ab.profile) out.push('', `CPU profile of Nudge at ${ab.profile.rooms} rooms in this run (main thread, % of busy time): ${ab.profile.by_area.slice(0, 8).map((a) => `${a.area} ${f(a.self_pct)} %`).join(', ')}; top functions: ${ab.profile.top_functions.slice(0, 8).map((t) => `\`${t.function}\` ${t.location ? `(${t.location}) ` : ''}${f(t.self_pct)} %`).join(', ')}.`)
  if (n && y) out.push('', `Nudge ÷ relay: CPU per keystroke **${fx(ratio(n.cpu_ms_per_1k_keystrokes, y.cpu_ms_per_1k_keystrokes))}**, idle RSS per room **${fx(ratio(ab.memory.nudge?.idle_rss_kb_per_room, ab.memory['y-websocket']?.idle_rss_kb_per_room))}**, idle heap per room ${fx(ratio(ab.memory.nudge?.idle_heap_kb_per_room, ab.memory['y-websocket']?.idle_heap_kb_per_room))}.`)
  out.push('')
  return out
}

/** A/B runs of the comparison (BENCH_NUDGE_VARIANTS), beside Nudge as it ships. */
function variantsSection(r: Results): string[] {
  const vs = r.variants ?? []
  const nudge = compareRuns(r).find((x) => x.server === 'nudge')
  if (!vs.length || !nudge) return []
  const m = r.memory.nudge
  const out: string[] = ['## A/B variants in this run', '', 'Nudge servers started with other flags, environment or code (`BENCH_NUDGE_VARIANTS`), taking turns with the others in the same rounds.', '', '| Nudge | CPU / 1,000 keystrokes | CPU | edit p99 (median of rounds) | durable p95 | starved | heap after GC | idle heap / room | idle RSS / room |', '|---|---|---|---|---|---|---|---|---|']
  for (const x of [{ ...nudge, variant: 'as it ships', idle_rss_kb_per_room: m?.idle_rss_kb_per_room, idle_heap_kb_per_room: m?.idle_heap_kb_per_room }, ...vs]) out.push(`| ${x.variant} | ${f(x.cpu_ms_per_1k_keystrokes)} ms | ${f(x.cpu_pct)} % | ${f(x.p99_median_round_ms)} ms | ${f(x.durable_p95_ms)} ms | ${f(x.server_cpu_wait_pct)} % | ${f(x.heap_mb)} MB | ${f(x.idle_heap_kb_per_room)} KB | ${f(x.idle_rss_kb_per_room)} KB |`)
  out.push('')
  return out
}

/**
 * Why a CPU gap shows up in the latency tail: after any stall (a collection, another thread or
 * tenant on the core) the event loop drains a backlog, and for a queue that backlog grows about
 * as 1/(1 − utilization).
 */
function amplification(nudgePct: number | null | undefined, relayPct: number | null | undefined): string {
  if (nudgePct == null || relayPct == null || nudgePct >= 100 || relayPct >= 100) return ''
  const a = (pct: number) => 1 / (1 - pct / 100)
  return ` After any stall — a collection, another thread or tenant on the core — the event loop drains a backlog, and for a queue that backlog grows about as 1/(1 − utilization): at ${f(nudgePct)} % against ${f(relayPct)} %, the same stall delays Nudge's keystrokes about ${fx(a(nudgePct) / a(relayPct))} as long as the relay's.`
}

/**
 * Where the load generator's one core runs out: from Nudge's largest capacity step, the rooms at
 * which the load core would be 80 % busy (the same criterion as the server's CPU projection), and
 * the share of a core 1,500 rooms would take. Past that, a step measures the generator's queueing.
 */
function loadgenLimit(r: Results): { at: number; pct: number; busy80: number; pct1500: number } | null {
  const last = capacityRuns(r.runs, 'nudge').at(-1)
  if (!last || !(last.loadgen_cpu_pct > 0)) return null
  const perRoom = last.loadgen_cpu_pct / last.rooms
  return { at: last.rooms, pct: last.loadgen_cpu_pct, busy80: Math.round(80 / perRoom), pct1500: Math.round(perRoom * 1500) }
}

/** CPU % of a run's threads other than the event loop (GC helpers, storage), or null when not measured. */
const threads = (x: Run): string | null => (x.cpu_main_pct === undefined ? null : f(x.cpu_pct - x.cpu_main_pct))

/** What the figures say limits Nudge: generated from this run's data. */
function limits(r: Results): string[] {
  const out: string[] = []
  const nudge = compareRuns(r).find((x) => x.server === 'nudge')
  const relay = compareRuns(r).find((x) => x.server === 'y-websocket')
  if (!nudge) return out
  out.push('## What limits Nudge', '')
  if (relay) {
    out.push(
      `- **Work per keystroke.** At R = ${nudge.rooms} Nudge used ${f(nudge.cpu_pct)} % of its core against the relay's ${f(relay.cpu_pct)} % (${fx(ratio(nudge.cpu_pct, relay.cpu_pct))}) for the same keystrokes: it authorizes, stores (update log + snapshots), acknowledges durability and serves Socket.IO, where the relay only applies and forwards.${threads(nudge) && threads(relay) ? ` Of that, the event loop ran ${f(nudge.cpu_main_pct)} % (relay ${f(relay.cpu_main_pct)} %); Nudge's other threads — V8's GC helpers and the SQLite thread — ${threads(nudge)} % (relay's GC helpers ${threads(relay)} %), and on one pinned core every one of their milliseconds is a millisecond the event loop waits.` : ''}${amplification(nudge.cpu_pct, relay.cpu_pct)}`,
    )
  }
  const withGc = (nudge.rounds ?? []).filter((w) => w.gc_major > 0 && w.p99_ms !== null)
  const noGc = (nudge.rounds ?? []).filter((w) => w.gc_major === 0 && w.p99_ms !== null)
  const med = (v: number[]) => median(v)
  out.push(
    `- **Full garbage collections on a shared core.** ${withGc.length ? `The tail comes in bursts: the Nudge rounds with a full (mark-compact) collection had a median p99 of ${f(med(withGc.map((w) => w.p99_ms!)))} ms and event-loop stalls up to ${f(Math.max(...withGc.map((w) => w.loop_max_ms)), 0)} ms${noGc.length ? `, the rounds without one ${f(med(noGc.map((w) => w.p99_ms!)))} ms (stalls up to ${f(Math.max(...noGc.map((w) => w.loop_max_ms)), 0)} ms)` : ''}` : `None fell in Nudge's measured rounds${relay ? ` (${relay.gc_major} in the relay's)` : ''}${(r.params.nudge_node_flags ?? []).length ? ': Nudge ships with GC flags that keep short-lived garbage in the young generation and let the old one double between full collections (see Method)' : ''}; its rounds' p99 was ${noGc.length ? `${f(Math.min(...noGc.map((w) => w.p99_ms!)))}–${f(Math.max(...noGc.map((w) => w.p99_ms!)))} ms with event-loop stalls up to ${f(Math.max(...noGc.map((w) => w.loop_max_ms)), 0)} ms` : '–'}`}. A full collection marks the whole heap (Nudge ${f(nudge.heap_mb)} MB live: Fastify, Socket.IO, Kysely and the question bank besides the rooms${relay ? `; the relay ${f(relay.heap_mb)} MB` : ''}), and V8's concurrent marking and parallel scavenging threads then share the one pinned core with the event loop, which waits for them (_starved_ ${f(nudge.server_cpu_wait_pct)} %${relay ? ` vs ${f(relay.server_cpu_wait_pct)} %` : ''}).${relay ? ` Full collections in the measured rounds: Nudge ${nudge.gc_major}, relay ${relay.gc_major}, which has ${fx(ratio(nudge.heap_mb, relay.heap_mb))} less heap to mark.` : ''}`,
  )
  if (nudge.hint_p99_ms !== null || nudge.durable_p95_ms !== null) {
    out.push(
      `- **One storage thread.** Hints (p99 ${f(nudge.hint_p99_ms)} ms) and durable acks (p95 ${f(nudge.durable_p95_ms)} ms) wait for SQLite: every write runs on the one storage thread and commits with fsync, queued behind the update-log batches (a hint is one commit: round state and event together; round state is read from memory on a single node). The edit relay itself never waits for storage.`,
    )
  }
  const refCap = r.capacity['y-websocket']
  const nudgeCap = r.capacity.nudge
  const refLast = capacityRuns(r.runs, 'y-websocket').at(-1)
  const nudgeLast = capacityRuns(r.runs, 'nudge').at(-1)
  if (refCap && refCap.tested.length > 0 && nudgeCap && refLast && nudgeLast && refLast.cpu_pct > 0) {
    const refFull = Math.round((refLast.rooms * 100) / refLast.cpu_pct)
    const nudgeFull = nudgeLast.cpu_pct > 0 ? Math.round((nudgeLast.rooms * 100) / nudgeLast.cpu_pct) : null
    const failedStep = (kind: ServerKind, c: typeof refCap) => capacityRuns(r.runs, kind).find((x) => x.rooms === c.stopped_at && x.sweep === (c.after_compare ? 'fresh' : 'after-compare'))
    const refFailed = failedStep('y-websocket', refCap)
    const nudgeFailed = nudgeCap.stopped_at ? failedStep('nudge', nudgeCap) : undefined
    out.push(
      `- **A core's worth of keystrokes.** The bare relay, doing nothing but apply and forward, held ${refCap.capacity_rooms} rooms on this core${refCap.stopped_at ? ` and failed at ${refCap.stopped_at} (${refCap.reason}${refFailed ? `, at ${f(refFailed.cpu_pct)} % CPU with ${refFailed.gc_major} full GCs` : ''})` : ''}. By CPU alone it would fill the core at about ${refFull} rooms (${f(refLast.cpu_ms_per_1k_keystrokes)} ms per 1,000 keystrokes at ${refLast.rooms} rooms), Nudge at about ${nudgeFull ?? '–'} (${f(nudgeLast.cpu_ms_per_1k_keystrokes)} ms, ${fx(ratio(nudgeLast.cpu_ms_per_1k_keystrokes, refLast.cpu_ms_per_1k_keystrokes))} the relay's). ${refCap.capacity_rooms < 1500 ? `The bare relay itself does not reach 1,500 rooms per core on this host — ${refFull < 1500 ? 'it would not even have the CPU for them' : 'what stops it first is its latency tail (garbage collection, the shared core), not CPU'} — so the capacity target is not met here by the reference either.` : "The relay reaches 1,500 rooms here; the gap is Nudge's extra work per keystroke and its stalls."}${nudgeCap.capacity_rooms > refCap.capacity_rooms ? ` Nudge held more rooms than the relay (${nudgeCap.capacity_rooms} vs ${refCap.capacity_rooms}) although it spends more CPU per keystroke: the relay, on Node's default GC settings, is stopped by its latency tail before its CPU runs out.` : ''}${nudgeFailed ? ` Nudge's failing step (${nudgeFailed.rooms} rooms) ran at ${f(nudgeFailed.cpu_pct)} % CPU, with its event loop kept off the core ${f(nudgeFailed.server_cpu_wait_pct)} % of the time and ${nudgeFailed.gc_major} full GC${nudgeFailed.gc_major === 1 ? '' : 's'}${nudgeFailed.cpu_pct + nudgeFailed.server_cpu_wait_pct >= 85 ? ': the core was all but full' : ''}.` : ''}`,
    )
  }
  const pr = r.profile
  if (pr) {
    const area = (name: string) => pr.by_area.find((a) => a.area.startsWith(name))?.self_pct ?? 0
    const fn = (name: string) => pr.top_functions.filter((t) => t.function === name).reduce((n, t) => n + t.self_pct, 0)
    out.push(
      `- **Where the CPU goes** at ${pr.rooms} rooms (profile below): socket writes (\`writev\`) ${f(fn('writev'))} %, garbage collection ${f(area('garbage'))} %, Yjs + lib0 ${f(area('yjs') + area('lib0'))} %, \`postMessage\` to the SQLite thread ${f(fn('postMessage'))} %, Nudge's own code ${f(area('Nudge'))} % (the SQLite thread's own work is not in this main-thread profile, but on one core the thread a message wakes often runs at once: the event loop's samples then land in \`postMessage\` until it has the core back). Socket writes are one per message as in the relay (Nudge sends about as many: one durable ack per stored batch to the writer instead of the relay's echo); the next levers are fewer messages per keystroke (each is a socket write) and a smaller live heap, which is what a full collection has to mark${r.memory.nudge && r.memory['y-websocket'] ? ` (per idle room ${f(r.memory.nudge.idle_heap_kb_per_room)} KB vs the relay's ${f(r.memory['y-websocket'].idle_heap_kb_per_room)} KB — a Nudge room also holds two or three Socket.IO connections and the session and durability bookkeeping; baseline ${f(r.memory.nudge.baseline_heap_mb)} MB vs ${f(r.memory['y-websocket'].baseline_heap_mb)} MB — Fastify, Socket.IO, Kysely, zod schemas, the question bank)` : ''}.`,
    )
  }
  out.push('')
  return out
}

export function renderMarkdown(r: Results): string {
  const w = r.params.workload
  const runs = compareRuns(r)
  const by = (s: ServerKind) => runs.find((x) => x.server === s)
  const nudge = by('nudge')
  const lines: string[] = []
  const p = (s = '') => lines.push(s)
  p('# Benchmarks')
  p()
  p(`_Generated by \`pnpm bench\` (tests/bench/) on ${r.generated_at.slice(0, 16).replace('T', ' ')} UTC in ${Math.round(r.duration_s / 60)} min; raw figures in [benchmarks.json](benchmarks.json)._`)
  p()
  p(`> **Read the ratios, not the absolutes.** This machine (${r.machine.cores} × ${r.machine.cpu}, Node ${r.machine.node}) is shared with other engineers running test suites, so absolute latencies and CPU move from run to run (load average ${r.machine.loadavg_start.join(' / ')} at the start, ${r.machine.loadavg_end.join(' / ')} at the end). The servers below were measured in the same run, taking turns in short rounds, with the same workload and pinning${r.machine.pinned ? ` (server \`taskset -c ${r.machine.server_core}\`, load generator \`taskset -c ${r.machine.load_core}\`)` : ' (taskset missing: NOT pinned)'}; their ratios are what holds from one run to the next. The _starved_ column says how much of each window the server spent waiting for its core.`)
  p()
  p('![Latency side by side and Nudge capacity](benchmarks.svg)')
  p()
  p(`## Side by side at R = ${r.params.rooms}`)
  p()
  p(`Each server held ${r.params.rooms} rooms; the servers took turns running the workload in ${r.params.rounds} rounds (${Math.round(r.params.window_s / r.params.rounds)} s measured per round each, order rotating), so load from elsewhere on the machine hit all three alike. Samples of all rounds are pooled.`)
  p()
  p('| server | edit p50 | p95 | p99 | p99, median of rounds | max | cursor p99 | CPU (1 core; event loop) | CPU ms / 1,000 keystrokes | starved | RSS | heap after GC | event-loop p99 / max | GC pauses | resync p50 / p95 | load-gen CPU |')
  p('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
  for (const x of runs) {
    p(`| ${NAMES[x.server]} | ${f(x.p50_ms)} ms | ${f(x.p95_ms)} ms | ${f(x.p99_ms)} ms | **${f(x.p99_median_round_ms)} ms** (${x.p99_rounds_ms.map((v) => f(v, 0)).join(', ')}) | ${f(x.max_ms)} ms | ${f(x.awareness_p99_ms)} ms | ${f(x.cpu_pct)} %${x.cpu_main_pct !== undefined ? ` (loop ${f(x.cpu_main_pct)})` : ''} | **${f(x.cpu_ms_per_1k_keystrokes)} ms** | ${f(x.server_cpu_wait_pct)} % | ${f(x.rss_mb)} MB | ${f(x.heap_mb)} MB | ${f(x.event_loop_p99_ms)} / ${f(x.event_loop_max_ms)} ms | ${f(x.gc_ms_per_s)} ms/s, longest ${f(x.gc_max_ms)} ms, ${x.gc_major} full | ${f(x.resync_p50_ms)} / ${f(x.resync_p95_ms)} ms | ${f(x.loadgen_cpu_pct)} % |`)
  }
  p()
  if (runs.every((x) => (x.rounds?.length ?? 0) > 1)) {
    p('Round by round (each server\'s windows in the order measured): p99 of the round, full (mark-compact) garbage collections in it, the longest event-loop delay, and how long the event loop waited for its core.')
    p()
    p('| server | ' + runs[0]!.rounds.map((_, i) => `round ${i + 1}`).join(' | ') + ' |')
    p('|---|' + runs[0]!.rounds.map(() => '---').join('|') + '|')
    for (const x of runs) p(`| ${NAMES[x.server]} | ${x.rounds.map((w) => `${f(w.p99_ms)} ms · ${w.gc_major} full GC · loop max ${f(w.loop_max_ms, 0)} ms · starved ${f(w.starved_pct)} %`).join(' | ')} |`)
    const dropped = r.discarded_rounds ?? []
    if (dropped.length) {
      p()
      p(`${dropped.length} round${dropped.length > 1 ? 's were' : ' was'} measured again: a server's event loop waited for its core ≥ ${r.params.disturbed_pct ?? 35} % of the window, which is other load on the machine, not the server (${dropped.map((d) => Object.entries(d.starved_pct).map(([k, v]) => `${NAMES[k as ServerKind]} ${f(v)} %`).join(', ')).join('; ')}).`)
    }
    p()
  }
  p('_starved_: share of the window the server\'s event loop was ready to run but its core was busy with another task (`/proc/<pid>/schedstat`) — other engineers\' processes, or the server\'s own GC and storage threads. A high figure means the latency tail was partly the machine\'s.')
  p()
  const rates = runs.filter((x) => x.messages_per_s)
  if (rates.length) {
    p('Messages the server sent per second (received by the raw clients):')
    p()
    p('| server | document updates | awareness | durable acks | keystrokes/s |')
    p('|---|---|---|---|---|')
    for (const x of rates) p(`| ${NAMES[x.server]} | ${x.messages_per_s!.sync} | ${x.messages_per_s!.awareness} | ${x.messages_per_s!.durable} | ${Math.round(x.keystrokes / x.window_s)} |`)
    p()
    p('The relay echoes every update and awareness message to its sender as well; Nudge does not, but acknowledges stored edits (type 100) — to writers at once, to readers at most once a second.')
    p()
  }
  const refs = runs.filter((x) => x.server !== 'nudge')
  if (nudge && refs.length) {
    p('Nudge ÷ reference (same run):')
    p()
    p('| reference | p50 | p95 | p99 | p99, median of rounds | cursor p99 | CPU | CPU per keystroke | RSS | idle heap / room | idle RSS / room | active RSS / room |')
    p('|---|---|---|---|---|---|---|---|---|---|---|---|')
    for (const x of refs) {
      const m = r.memory
      p(`| ${NAMES[x.server]} | ${fx(ratio(nudge.p50_ms, x.p50_ms))} | ${fx(ratio(nudge.p95_ms, x.p95_ms))} | ${fx(ratio(nudge.p99_ms, x.p99_ms))} | **${fx(ratio(nudge.p99_median_round_ms, x.p99_median_round_ms))}** | ${fx(ratio(nudge.awareness_p99_ms, x.awareness_p99_ms))} | ${fx(ratio(nudge.cpu_pct, x.cpu_pct))} | **${fx(ratio(nudge.cpu_ms_per_1k_keystrokes, x.cpu_ms_per_1k_keystrokes))}** | ${fx(ratio(nudge.rss_mb, x.rss_mb))} | ${fx(ratio(m.nudge?.idle_heap_kb_per_room, m[x.server]?.idle_heap_kb_per_room))} | **${fx(ratio(m.nudge?.idle_rss_kb_per_room, m[x.server]?.idle_rss_kb_per_room))}** | ${fx(ratio(m.nudge?.active_rss_kb_per_room, m[x.server]?.active_rss_kb_per_room))} |`)
    }
    p()
    p(`Nudge does more per room than the references: it authenticates every connection, stores every update durably (SQLite, \`synchronous=FULL\`) and acknowledges it (message type 100), enforces awareness ownership and read-only observers, and carries a Socket.IO connection per participant for room events (hints: ${nudge.hints} measured, p50 ${f(nudge.hint_p50_ms)} ms / p99 ${f(nudge.hint_p99_ms)} ms via \`${r.params.hint_via}\`${r.params.hint_via === 'hint:send' ? '' : ', the same Socket.IO broadcast path until the hint command lands'}). The references keep documents in memory only, with no auth; the y-websocket relay also echoes every update and awareness message back to its sender.`)
    p()
  }
  p('## Capacity on one core')
  p()
  const steps = capacityRuns(r.runs, 'nudge')
  const refSteps = (['hocuspocus', 'y-websocket'] as const).flatMap((k) => capacityRuns(r.runs, k))
  p('| server | rooms | keystrokes/s | edit p50 | p99 | cursor p99 | hint p99 | durable p95 | CPU | starved | RSS | event-loop p99 / max | full GCs | load-gen CPU | errors / lost | within limit |')
  p('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
  for (const x of [...steps, ...refSteps]) {
    p(`| ${x.server === 'nudge' ? 'Nudge' : NAMES[x.server]}, ${x.sweep === 'fresh' ? 'fresh' : 'after comparison'} | ${x.rooms} | ${Math.round(x.keystrokes / x.window_s)} | ${f(x.p50_ms)} ms | **${f(x.p99_ms)} ms** | ${f(x.awareness_p99_ms)} ms | ${f(x.hint_p99_ms)} ms | ${f(x.durable_p95_ms)} ms | ${f(x.cpu_pct)} % | ${f(x.server_cpu_wait_pct)} % | ${f(x.rss_mb)} MB | ${f(x.event_loop_p99_ms)} / ${f(x.event_loop_max_ms)} ms | ${x.gc_major ?? '–'} | ${f(x.loadgen_cpu_pct)} % | ${x.errors} / ${x.lost} | ${x.ok ? 'yes' : '**no**'}${x.attempts > 1 ? ` (${x.attempts} windows)` : ''} |`)
  }
  p()
  p('A step whose window failed while the server was starved of its core for ≥ 5 % of it is measured again (up to 3 windows); the table shows the passing window, else the least disturbed one. A load generator near 100 % CPU means the step measured the generator, not the server.')
  p()
  const cap = r.capacity.nudge
  if (cap) {
    p(`**Capacity: ${r.capacity_rooms_per_core} rooms per core** (largest step with p99 < ${r.params.p99_limit_ms} ms and no errors${cap.stopped_at ? `; the step at ${cap.stopped_at} rooms failed: ${cap.reason}` : '; no tested step failed, so the real limit is higher'}).${cap.after_compare ? ` The server that had run the comparison failed already at ${cap.after_compare.rooms} rooms (${cap.after_compare.reason}), with its documents grown through the rounds; the figure is from a fresh server stepped upward.` : ''}`)
    const last = steps.at(-1)
    if (cap.cpu_projection_rooms && last) {
      p()
      p(`CPU cost, independent of what else ran on the core: ${f(last.cpu_ms_per_1k_keystrokes)} ms of server CPU per 1,000 keystrokes at ${last.rooms} rooms (everything included: relaying, storing, acks, cursors, Socket.IO); at that rate one core is 80 % busy at about **${cap.cpu_projection_rooms} rooms**. Where the p99 capacity is far below that projection, the core was shared (see _starved_) or the event loop stalled.`)
    }
    const gen = loadgenLimit(r)
    if (gen) {
      p()
      p(`The load generator has one core too: it used ${f(gen.pct)} % of it for ${gen.at} Nudge rooms, so it is 80 % busy at about **${gen.busy80} rooms** and 1,500 rooms would take ${gen.pct1500} % of a core.${gen.busy80 < 1500 ? ` On this two-core machine, steps beyond about ${gen.busy80} rooms measure the generator's own queueing along with the server's: a 1,500-room capacity cannot be shown here, whatever the server does.` : ''}`)
    }
    for (const k of ['y-websocket', 'hocuspocus'] as const) {
      const c = r.capacity[k]
      if (c && c.tested.length > 0) {
        p()
        p(`**${NAMES[k]} on the same core: ${c.capacity_rooms} rooms**${c.stopped_at ? ` (the step at ${c.stopped_at} rooms failed: ${c.reason})` : ' (no tested step failed)'}${c.after_compare ? `; the server that had run the comparison failed at ${c.after_compare.rooms} rooms, so a fresh one was stepped as for Nudge` : ''}${c.cpu_projection_rooms ? `; its CPU projection (80 % of the core) is about ${c.cpu_projection_rooms} rooms` : ''}. It does the least any Yjs server can — apply and forward, in memory, no auth — ${(r.capacity.nudge?.capacity_rooms ?? 0) > c.capacity_rooms ? "yet here it held fewer rooms than Nudge: on Node's default GC settings its latency tail stops it before its CPU runs out (see What limits Nudge)" : 'so it bounds what a server doing more can reach on this core'}.`)
      }
    }
    p()
  }
  p('## Durability, memory, loading')
  p()
  if (nudge) {
    p(`- **Durable save** (keystroke applied at the candidate → the durable state vector covering it arrives, batch window ${'`PERSIST_BATCH_MS`'} = 20 ms, one SQLite transaction + fsync per batch): p50 ${f(nudge.durable_p50_ms)} ms, p95 ${f(nudge.durable_p95_ms)} ms, p99 ${f(nudge.durable_p99_ms)} ms at R = ${nudge.rooms}.`)
    p(`- **Write amplification**: ${fx(nudge.write_amplification)} of the update bytes are written as update rows and snapshots (\`UpdateLog.stats\`: rows merge consecutive updates of one author within a batch; a snapshot is written when the log outgrows it). At the block layer the server wrote ${nudge.device_write_amplification === null ? '– (not readable here)' : `${f(nudge.device_write_amplification)}×`} the update bytes (\`/proc/<pid>/io\`: SQLite WAL frames are whole 4 KB pages per touched B-tree page per commit, plus checkpoints and the other tables) — the logical figure is the target; the device figure is what an SSD sees.`)
  }
  p()
  p('Memory per loaded room: live heap after a forced full GC (`--expose-gc`), minus the same server with no room loaded; each room has its participants connected (Nudge: 2–3 y-websocket connections + 2 Socket.IO connections; references: the 2–3 WebSocket connections).')
  p()
  p('| server | idle heap / room | idle RSS / room | active heap / room | active RSS / room | baseline heap |')
  p('|---|---|---|---|---|---|')
  for (const [k, m] of Object.entries(r.memory) as [ServerKind, NonNullable<Results['memory'][ServerKind]>][]) {
    p(`| ${NAMES[k]} | ${f(m.idle_heap_kb_per_room)} KB | ${f(m.idle_rss_kb_per_room)} KB | ${f(m.active_heap_kb_per_room)} KB | ${f(m.active_rss_kb_per_room)} KB | ${f(m.baseline_heap_mb)} MB |`)
  }
  p()
  if (r.cold_load) {
    const c = r.cold_load
    p(`- **Cold room load** (Nudge, room unloaded, opened by a new client: auth + load snapshot and log from SQLite + first sync), ${c.rooms} rooms after the capacity sweep: p50 ${f(c.cold_p50_ms)} ms, p95 ${f(c.cold_p95_ms)} ms; a second client joining the loaded room: p50 ${f(c.warm_p50_ms)} ms, p95 ${f(c.warm_p95_ms)} ms${c.errors ? ` (${c.errors} errors)` : ''}.`)
  }
  p(`- **Resync of a reconnecting client** (an extra interviewer tab drops its connection for ${'`--resync-offline`'} while the candidate types, then reconnects; new connection → document synced): in the table above, per server.`)
  p()
  lines.push(...abSection(r), ...longRunSection(r), ...scaledSection(r), ...variantsSection(r))
  p('## Targets')
  p()
  p('| target | goal | measured | met |')
  p('|---|---|---|---|')
  for (const t of targets(r)) p(`| ${t.name} | ${t.target} | ${t.measured} | ${t.met === null ? 'not measured' : t.met ? 'yes' : '**no**'} |`)
  p()
  lines.push(...limits(r))
  if (r.profile) {
    const pr = r.profile
    p(`## Where the server's time goes (CPU profile)`)
    p()
    p(`\`node --cpu-prof\` on the Nudge server at ${pr.rooms} rooms (${pr.run ? `p99 ${f(pr.run.p99_ms)} ms, CPU ${f(pr.run.cpu_pct)} %` : ''}; the profiler itself costs a few %), busy ${f(pr.busy_pct)} % of the samples. Self time by area, % of busy time:`)
    p()
    p('| area | self |')
    p('|---|---|')
    for (const a of pr.by_area.slice(0, 12)) p(`| ${a.area} | ${f(a.self_pct)} % |`)
    p()
    p('Top functions by self time:')
    p()
    p('| function | where | self |')
    p('|---|---|---|')
    for (const t of pr.top_functions) p(`| \`${t.function}\` | ${t.location || '–'} | ${f(t.self_pct)} % |`)
    p()
    p('`pnpm bench` prints where the raw `.cpuprofile` was written (open it in Chrome DevTools → Performance, or speedscope); only samples inside the measurement window are summarised here.')
    p()
  }
  p('## Server behaviour behind these figures')
  p()
  p('- SQLite runs on a worker thread (`server/src/store/sqlite-thread.ts`, a Kysely dialect): better-sqlite3 is synchronous, and on the event loop every commit\'s fsync (`synchronous=FULL`) — update-log batches, hints and other room events, participants, snapshots — stalled the relaying of edits, by seconds when other processes kept the disk busy. Durable acks are still sent only after the commit returns. The thread shares the server\'s pinned core, so its CPU counts in the server\'s CPU figure.')
  p('- The update log\'s batches (one every ~20 ms: a row per room that changed) reach that thread as one buffer of bytes plus a table of numbers, and one prepared statement inserts them in one transaction. As a Kysely multi-row insert — four cloned parameters per row, a new hundred-row statement to compile and plan — a 100-row batch cost the event loop 0.36–0.52 ms; now 0.14–0.21 ms. The WAL is checkpointed every ~40 MB instead of 4 MB: each commit rewrites the same hot index pages, and a checkpoint copies a page once however often it was rewritten (storage-thread CPU per 100-row batch 1.5–1.96 → 1.2–1.4 ms; `pnpm --filter @nudge/tests bench:store` prints both threads\' figures).')
  p('- Durable acks (type 100) go to a session that wrote in the last 2 s as soon as its batch is stored; readers get at most one a second (the latest state vector, trailing), instead of one per 20 ms batch per typing partner (`server/src/collab/room.ts`).')
  p('- Snapshots (compaction) are encoded from the live document on a single node, one room per event-loop turn and never inside a batch (`server/src/collab/persistence.ts`); merging every stored update with the document — still done with several nodes, where another node may have stored what this one has not seen — cost 15 % of the CPU once documents had grown, in bursts as rooms crossed the threshold together.')
  p('- An interview change (a hint, a note, a clock action) is one commit with its event, and a single node reads round state from memory; it was two reads and two commits, each queued behind the update-log batches on the storage thread.')
  p('- Awareness frames (cursors) are checked for ownership and size, applied, and forwarded as they came, without re-encoding their JSON. Socket.IO connections drop their upgrade request once accepted (Socket.IO\'s own memory advice); the PostgreSQL and Redis clients are loaded only when configured.')
  p('- The server answers the harness over an opt-in IPC channel (`DIAGNOSTICS_IPC=true`, `server/src/diagnostics.ts`): heap after GC, event-loop delay, `UpdateLog.stats`. Nothing is exposed on the network.')
  p()
  p('## Method')
  p()
  p(`- **Workload per room**: a candidate types ${w.typingCps} characters/s on average, in bursts of 3–20 keystrokes 80–150 ms apart at a random place, then pauses (one Yjs update per keystroke, as y-monaco sends them); an interviewer moves their cursor (awareness, y-monaco's selection shape) ${w.cursorHz} times a second and sends a hint every ${w.hintEveryS} s on average (Nudge only: Socket.IO); ${Math.round(w.observerRatio * 100)} % of rooms also have a read-only observer. Every client renews its awareness every ${w.awarenessRenewS} s like y-protocols does.`)
  p(`- **Clients**: ${r.params.clients === 'raw' ? 'a lean y-websocket protocol client (tests/bench/clients/raw.ts) for Nudge and the relay — the server sees exactly what the stock WebsocketProvider sends (SyncStep1/2, updates, awareness with its 15 s renewal, `nudge=1` for Nudge as the browser client does); the candidate and the reconnecting probes hold real Y.Docs, the interviewer and observer read the stream without one — and Hocuspocus\'s own HocuspocusProvider (one WebSocket and one Y.Doc each) for Hocuspocus' : 'the stock WebsocketProvider for Nudge and the relay and HocuspocusProvider for Hocuspocus, every client with a Y.Doc'}. Socket.IO: socket.io-client. ${r.params.workers} load-generator processes on the load core; each owns whole rooms.`)
  p(`- **Edit propagation**: each keystroke is stamped (the process\'s monotonic clock) where the candidate applies it, keyed by its Yjs id (client, clock), and measured where the interviewer receives it: ${r.params.clients === 'raw' ? 'for raw clients, when the update\'s frame is decoded (`Y.parseUpdateMeta` gives the ids; integrating it into a document would double the generator\'s work and add nothing the server does); for providers, in the document\'s `update` event after applying it' : 'in the document\'s `update` event, after the provider applied it'}. Sender and receiver of a room live in the same process, so there is no clock skew. Keystrokes sent in the window are counted whenever they arrive (3 s grace): a slow delivery is measured, not dropped; one that never arrives is "lost".`)
  p('- **Cursor (awareness)**: the interviewer\'s state carries its send stamp; measured at the candidate. **Hints**: Socket.IO command → broadcast to the candidate. **Durable save**: from the keystroke to the first type-100 state vector covering it, at the candidate. **Resync**: an extra client in some rooms (an interviewer\'s second tab) drops its connection for a while during the window and reconnects.')
  p('- **Server figures**: CPU from `/proc/<pid>/stat` over the window (100 % = the one core it is pinned to; the event loop\'s share from the main thread\'s `/proc/<pid>/task/<pid>/stat`, the rest is V8\'s GC helper threads and, for Nudge, the SQLite thread), RSS from `/proc/<pid>/status`, event-loop delay and heap through an opt-in IPC diagnostics channel (`DIAGNOSTICS_IPC=true`, server/src/diagnostics.ts), persistence counters from `UpdateLog.stats`.')
  p(`- **Capacity**: after the comparison, Nudge alone is measured again at ${r.params.rooms} rooms and rooms are added in steps (${r.params.steps.join(', ')}) to the running server; each step warms up and is measured; the sweep stops at the first step with p99 ≥ ${r.params.p99_limit_ms} ms, an error, or a lost keystroke. If ${r.params.rooms} already fails there, a fresh server is stepped from 100 through the same steps and both sweeps are shown.${r.runs.some((x) => x.server !== 'nudge' && x.phase === 'capacity') ? ' Then the references chosen with `--ref-steps` (by default the bare relay) are stepped the same way on the servers that ran the comparison, alone on the core, and on a fresh server when that fails at the first step.' : ''} Load-generator CPU is reported so a saturated generator is visible.`)
  const flags = r.params.nudge_node_flags ?? []
  const extra = r.params.extra_node_flags ?? []
  p(`- **Servers as they ship**: Nudge with \`pnpm start\`'s node flags (${flags.length ? flags.map((f) => `\`${f}\``).join(' ') : 'none'}; the Dockerfile's CMD is the same)${flags.length ? ' — fewer full (mark-compact) collections, each of which stalls the one core: a larger young generation, so the garbage of each keystroke dies there instead of being promoted, and an old generation allowed to double before the next full collection (V8 otherwise lets it grow about 20 %); see docs/deploy.md' : ''}; the references with Node's defaults, as their packages start them. Every server also gets \`--expose-gc\`, used only between windows for the heap-after-GC figures${extra.length ? `, and for this run ${extra.map((f) => `\`${f}\``).join(' ')} (BENCH_SERVER_NODE_FLAGS)` : ''}.`)
  p(`- Versions: ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`)
  p()
  p('## Running it')
  p()
  p('```')
  p('pnpm bench                      # full run, 9–15 min; writes docs/benchmarks.{json,md,svg}')
  p('pnpm bench --servers nudge --rooms 250 --steps 500,1000 --window 20')
  p('BENCH_ROOMS=100 pnpm bench --smoke --out-dir /tmp/bench   # seconds (the CI smoke test runs this)')
  p('pnpm --filter @nudge/tests bench:store   # CPU per SQLite update-log batch, event loop and storage thread')
  p('```')
  p()
  p('```')
  p(USAGE)
  p('```')
  return lines.join('\n') + '\n'
}
