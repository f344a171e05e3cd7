import { describe, expect, it } from 'vitest'
import type { Debrief } from '@nudge/shared'
import { assignLanes, layoutTimeline, tickStep } from './timelineLayout.ts'

const MIN = 60_000
const phase = (id: string, plannedMs: number, actualMs: number, extendedMs = 0) => ({
  id, kind: 'custom' as const, label: id[0]!.toUpperCase() + id.slice(1), plannedMs, extendedMs, actualMs, startedAt: null, endedAt: null, skipped: false,
})
const ev = (kind: Debrief['timeline']['events'][number]['kind'], elapsedMs: number, label: string = kind) => ({ kind, at: elapsedMs, elapsedMs, phaseId: 'x', label })

function timeline(over: Partial<Debrief['timeline']> = {}): Debrief['timeline'] {
  return {
    startedAt: 0, endedAt: 1, plannedMs: 40 * MIN, actualMs: 50 * MIN,
    phases: [phase('intro', 10 * MIN, 5 * MIN), phase('code', 20 * MIN, 35 * MIN, 5 * MIN), phase('test', 10 * MIN, 10 * MIN), phase('wrap', 0 + MIN, 0)],
    events: [ev('start', 0), ev('hint', 12 * MIN, 'Try a map'), ev('clarify', 2 * MIN), ev('answer', 3 * MIN), ev('pause', 20 * MIN)],
    ...over,
  }
}

describe('timeline layout', () => {
  it('puts planned and actual phases on one axis scaled to the longer of the two', () => {
    const l = layoutTimeline(timeline(), { width: 600, labelWidth: 100 })
    expect(l.plotX).toBe(100)
    expect(l.plotWidth).toBe(484)
    expect(l.maxMs).toBe(50 * MIN) // actual (5 + 35 + 10) is longer than planned (41)
    const px = (ms: number) => 100 + (ms / (50 * MIN)) * 484
    expect(l.planned.map((b) => [b.id, b.x, b.width])).toEqual([
      ['intro', px(0), px(10 * MIN) - px(0)],
      ['code', px(10 * MIN), px(30 * MIN) - px(10 * MIN)],
      ['test', px(30 * MIN), px(40 * MIN) - px(30 * MIN)],
      ['wrap', px(40 * MIN), px(41 * MIN) - px(40 * MIN)],
    ])
    // A phase that never ran has no actual bar; overruns count beyond planned + extended time.
    expect(l.actual.map((b) => [b.id, b.startMs, b.endMs, b.overMs])).toEqual([
      ['intro', 0, 5 * MIN, 0],
      ['code', 5 * MIN, 40 * MIN, 10 * MIN],
      ['test', 40 * MIN, 50 * MIN, 0],
    ])
    expect(l.actual.at(-1)!.x + l.actual.at(-1)!.width).toBeCloseTo(100 + 484)
    // Labels only where they fit.
    expect(l.planned.find((b) => b.id === 'wrap')!.showLabel).toBe(false)
    expect(l.actual.find((b) => b.id === 'code')!.showLabel).toBe(true)
  })

  it('places hints and questions as markers in their rows, clock events not at all', () => {
    const l = layoutTimeline(timeline(), { width: 600, labelWidth: 100 })
    expect(l.rows.map((r) => r.id)).toEqual(['planned', 'actual', 'hints', 'questions'])
    expect(l.markers.map((m) => m.kind).sort()).toEqual(['answer', 'clarify', 'hint'])
    const hint = l.markers.find((m) => m.kind === 'hint')!
    const hintsRow = l.rows.find((r) => r.id === 'hints')!
    expect(hint.x).toBeCloseTo(100 + (12 / 50) * 484)
    expect(hint.y).toBeGreaterThan(hintsRow.y)
    expect(hint.y).toBeLessThan(hintsRow.y + hintsRow.height)
    expect(l.axisY).toBeGreaterThan(l.rows.at(-1)!.y + l.rows.at(-1)!.height)
  })

  it('shows the notes row for the interviewer, stacking close markers into lanes', () => {
    const l = layoutTimeline(timeline({ events: [ev('note', 10 * MIN), ev('note', 10 * MIN + 1_000), ev('stuck', 10 * MIN + 2_000), ev('note', 30 * MIN)] }), { width: 600, withNotes: true })
    const notes = l.markers.filter((m) => m.kind === 'note' || m.kind === 'stuck')
    expect(notes.map((m) => m.lane)).toEqual([0, 1, 2, 0])
    const row = l.rows.find((r) => r.id === 'notes')!
    expect(row.height).toBe(3 * 16 + 4)
    expect(layoutTimeline(timeline(), { withNotes: true }).rows.map((r) => r.id)).toContain('notes')
  })

  it('gives code runs a row of their own, only when there are runs', () => {
    expect(layoutTimeline(timeline()).rows.map((r) => r.id)).not.toContain('runs')
    const l = layoutTimeline(timeline({ events: [...timeline().events, ev('run', 30 * MIN, 'Ada ran the tests: 4 / 4 passed')] }))
    expect(l.rows.map((r) => r.id)).toEqual(['planned', 'actual', 'hints', 'questions', 'runs'])
    const run = l.markers.find((m) => m.kind === 'run')!
    const row = l.rows.find((r) => r.id === 'runs')!
    expect(run.y).toBeGreaterThan(row.y)
    expect(run.y).toBeLessThan(row.y + row.height)
    expect(run.label).toBe('Ada ran the tests: 4 / 4 passed')
  })

  it('handles a round that never started', () => {
    const l = layoutTimeline(timeline({ phases: [phase('intro', 5 * MIN, 0)], events: [], actualMs: 0 }))
    expect(l.actual).toEqual([])
    expect(l.planned).toHaveLength(1)
    expect(l.ticks.map((t) => t.label)).toEqual(['0m', '1m', '2m', '3m', '4m', '5m'])
  })

  it('picks nice tick steps and lanes', () => {
    expect(tickStep(5 * MIN)).toBe(MIN)
    expect(tickStep(45 * MIN)).toBe(10 * MIN)
    expect(tickStep(3 * 60 * MIN)).toBe(30 * MIN)
    expect(assignLanes([0, 5, 30, 31, 32, 33], 10, 3)).toEqual([0, 1, 0, 1, 2, 0])
    expect(assignLanes([], 10, 3)).toEqual([])
  })
})
