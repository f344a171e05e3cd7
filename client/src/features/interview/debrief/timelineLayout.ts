import type { Debrief, TimelineEvent } from '@nudge/shared'

/**
 * The geometry of the debrief's timeline chart, computed without any DOM so it can be tested:
 * planned phases and actual phases as two rows of bars on one time axis (session running time,
 * pauses excluded), and hints, clarifying questions, answers, code runs, notes and "I'm stuck" as markers
 * in rows below. Markers that would overlap are stacked into lanes.
 */

export type MarkerKind = 'hint' | 'clarify' | 'answer' | 'note' | 'stuck' | 'run'

export interface Bar {
  id: string
  label: string
  x: number
  width: number
  startMs: number
  endMs: number
  /** Actual bars: how much longer than planned (+ extensions) the phase ran; 0 if not. */
  overMs: number
  /** Whether the label fits inside the bar. */
  showLabel: boolean
  index: number
}

export interface Marker {
  kind: MarkerKind
  x: number
  y: number
  lane: number
  elapsedMs: number
  label: string
}

export interface Row {
  id: 'planned' | 'actual' | 'hints' | 'questions' | 'runs' | 'notes'
  label: string
  y: number
  height: number
}

export interface Tick {
  x: number
  ms: number
  label: string
}

export interface TimelineLayout {
  width: number
  height: number
  plotX: number
  plotWidth: number
  maxMs: number
  rows: Row[]
  planned: Bar[]
  actual: Bar[]
  markers: Marker[]
  ticks: Tick[]
  axisY: number
}

export interface LayoutOptions {
  width?: number
  labelWidth?: number
  barHeight?: number
  laneHeight?: number
  rowGap?: number
  /** Markers closer than this (px) go to separate lanes. */
  minMarkerGap?: number
  maxLanes?: number
  /** Average character width for deciding whether a bar label fits. */
  charWidth?: number
  /** Marker rows to draw even when empty (the interviewer's view has notes). */
  withNotes?: boolean
}

const MARKER_ROW: Record<MarkerKind, Row['id']> = {
  hint: 'hints', clarify: 'questions', answer: 'questions', run: 'runs', note: 'notes', stuck: 'notes',
}

const ROW_LABELS: Record<Row['id'], string> = {
  planned: 'Planned', actual: 'Actual', hints: 'Hints', questions: 'Questions', runs: 'Runs', notes: 'Notes & stuck',
}

const MINUTE = 60_000
const STEPS = [1, 2, 5, 10, 15, 20, 30, 60, 120].map((m) => m * MINUTE)

/** The smallest "nice" step that gives at most `maxTicks` intervals. */
export function tickStep(maxMs: number, maxTicks = 8): number {
  return STEPS.find((s) => maxMs / s <= maxTicks) ?? STEPS[STEPS.length - 1]!
}

/** Assigns lanes greedily: each marker goes to the first lane whose last marker is far enough left. */
export function assignLanes(xs: readonly number[], minGap: number, maxLanes: number): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const laneEnds: number[] = []
  const lanes = new Array<number>(xs.length).fill(0)
  for (const [x, i] of order) {
    let lane = laneEnds.findIndex((end) => x - end >= minGap)
    if (lane === -1) {
      if (laneEnds.length < maxLanes) lane = laneEnds.length
      else lane = laneEnds.indexOf(Math.min(...laneEnds)) // all full: overlap where it overlaps least
    }
    laneEnds[lane] = x
    lanes[i] = lane
  }
  return lanes
}

export function layoutTimeline(timeline: Debrief['timeline'], opts: LayoutOptions = {}): TimelineLayout {
  const width = opts.width ?? 880
  const labelWidth = opts.labelWidth ?? 104
  const barHeight = opts.barHeight ?? 26
  const laneHeight = opts.laneHeight ?? 16
  const rowGap = opts.rowGap ?? 10
  const minGap = opts.minMarkerGap ?? 14
  const maxLanes = opts.maxLanes ?? 3
  const charWidth = opts.charWidth ?? 7.4
  const plotX = labelWidth
  const plotWidth = Math.max(50, width - labelWidth - 16)

  const markerEvents = timeline.events.filter((e): e is TimelineEvent & { kind: MarkerKind } => e.kind in MARKER_ROW)
  const plannedTotal = timeline.phases.reduce((n, p) => n + p.plannedMs, 0)
  const actualTotal = timeline.phases.reduce((n, p) => n + p.actualMs, 0)
  const lastEvent = markerEvents.reduce((n, e) => Math.max(n, e.elapsedMs), 0)
  const maxMs = Math.max(plannedTotal, actualTotal, lastEvent, MINUTE)
  const x = (ms: number) => plotX + (Math.min(Math.max(ms, 0), maxMs) / maxMs) * plotWidth

  const bars = (pick: (p: Debrief['timeline']['phases'][number]) => number, actual: boolean): Bar[] => {
    const out: Bar[] = []
    let at = 0
    timeline.phases.forEach((p, index) => {
      const ms = pick(p)
      if (ms <= 0) return
      const x0 = x(at)
      const w = x(at + ms) - x0
      out.push({
        id: p.id, label: p.label, x: x0, width: w, startMs: at, endMs: at + ms, index,
        overMs: actual ? Math.max(0, p.actualMs - p.plannedMs - p.extendedMs) : 0,
        showLabel: w >= p.label.length * charWidth + 12,
      })
      at += ms
    })
    return out
  }

  // Rows top to bottom; marker rows are as tall as the lanes they need.
  const grouped = new Map<Row['id'], (TimelineEvent & { kind: MarkerKind })[]>()
  for (const e of markerEvents) grouped.set(MARKER_ROW[e.kind], [...(grouped.get(MARKER_ROW[e.kind]) ?? []), e])
  const rowIds: Row['id'][] = ['planned', 'actual', 'hints', 'questions']
  if (grouped.has('runs')) rowIds.push('runs')
  if (opts.withNotes || grouped.has('notes')) rowIds.push('notes')

  const rows: Row[] = []
  const markers: Marker[] = []
  let y = 8
  for (const id of rowIds) {
    if (id === 'planned' || id === 'actual') {
      rows.push({ id, label: ROW_LABELS[id], y, height: barHeight })
      y += barHeight + rowGap
      continue
    }
    const events = grouped.get(id) ?? []
    const xs = events.map((e) => x(e.elapsedMs))
    const lanes = assignLanes(xs, minGap, maxLanes)
    const laneCount = Math.max(1, ...lanes.map((l) => l + 1))
    const height = laneCount * laneHeight + 4
    events.forEach((e, i) => {
      markers.push({ kind: e.kind, x: xs[i]!, y: y + 2 + lanes[i]! * laneHeight + laneHeight / 2, lane: lanes[i]!, elapsedMs: e.elapsedMs, label: e.label })
    })
    rows.push({ id, label: ROW_LABELS[id], y, height })
    y += height + rowGap
  }

  const axisY = y
  const step = tickStep(maxMs)
  const ticks: Tick[] = []
  for (let ms = 0; ms <= maxMs + 1; ms += step) ticks.push({ x: x(ms), ms, label: `${Math.round(ms / MINUTE)}m` })

  return {
    width, height: axisY + 24, plotX, plotWidth, maxMs, rows, axisY, ticks, markers,
    planned: bars((p) => p.plannedMs, false),
    actual: bars((p) => p.actualMs, true),
  }
}
