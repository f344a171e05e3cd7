import { describe, expect, it } from 'vitest'
import type { ClockState } from '@nudge/shared'
import { formatElapsed, formatMinutes, formatRemaining, formatSeconds, spokenDuration } from '../../../lib/duration.ts'
import { clockView, msUntilNextTick } from './format.ts'

const MIN = 60_000

function clock(over: Partial<ClockState> = {}): ClockState {
  return {
    status: 'running',
    phases: [
      { id: 'intro', kind: 'intro', label: 'Intro', plannedMs: 5 * MIN },
      { id: 'code', kind: 'code', label: 'Code', plannedMs: 25 * MIN },
    ],
    runs: [
      { elapsedMs: 0, extendedMs: 0, startedAt: 0, endedAt: null },
      { elapsedMs: 0, extendedMs: 0, startedAt: null, endedAt: null },
    ],
    phaseIndex: 0, runningSince: 0, startedAt: 0, pausedAt: null, endedAt: null, version: 1,
    ...over,
  }
}

describe('remaining time', () => {
  it('counts down rounding up, so 0:00 shows exactly when time is up, then counts overtime', () => {
    expect(formatRemaining(5 * MIN)).toBe('5:00')
    expect(formatRemaining(5 * MIN - 1)).toBe('5:00')
    expect(formatRemaining(4 * MIN + 59_001)).toBe('5:00')
    expect(formatRemaining(4 * MIN + 59_000)).toBe('4:59')
    expect(formatRemaining(400)).toBe('0:01')
    expect(formatRemaining(0)).toBe('0:00')
    expect(formatRemaining(-999)).toBe('0:00')
    expect(formatRemaining(-1000)).toBe('+0:01')
    expect(formatRemaining(-65_500)).toBe('+1:05')
    expect(formatRemaining(75 * MIN)).toBe('1:15:00')
  })

  it('formats elapsed times, plans and spoken durations', () => {
    expect(formatSeconds(3725)).toBe('1:02:05')
    expect(formatElapsed(61_999)).toBe('1:01')
    expect(formatElapsed(-5)).toBe('0:00')
    expect(formatMinutes(45 * MIN)).toBe('45 min')
    expect(formatMinutes(90 * MIN)).toBe('1 h 30 min')
    expect(formatMinutes(120 * MIN)).toBe('2 h')
    expect(formatMinutes(30_000)).toBe('30 s')
    expect(formatMinutes(90_000)).toBe('1 min 30 s')
    expect(formatMinutes(10.5 * MIN)).toBe('11 min')
    expect(spokenDuration(61_000)).toBe('1 minute 1 second')
    expect(spokenDuration(120_000)).toBe('2 minutes')
    expect(spokenDuration(0)).toBe('0 seconds')
  })

  it('derives what the clock shows from the server state at the estimated server time', () => {
    const c = clock()
    expect(clockView(c, 60_000)).toMatchObject({ text: '4:00', urgency: 'normal', phaseLabel: 'Intro', position: 'Phase 1 of 2', elapsedText: '1:00', plannedText: '30 min' })
    expect(clockView(c, 3.5 * MIN).urgency).toBe('soon')
    expect(clockView(c, 4.6 * MIN).urgency).toBe('last')
    expect(clockView(c, 6 * MIN)).toMatchObject({ text: '+1:00', urgency: 'over', progress: 1 })
    // A 2-minute phase is not amber from its first second; its last 30 seconds still are.
    const short = clock({ phases: [{ id: 'answer-1', kind: 'answer', label: 'Answer 1', plannedMs: 2 * MIN }, c.phases[1]!] })
    expect(clockView(short, 1_000).urgency).toBe('normal')
    expect(clockView(short, 1.6 * MIN).urgency).toBe('last')
    // Paused: time stands still at the folded elapsed time, whatever the wall clock says.
    const paused = clock({ status: 'paused', runningSince: null, runs: [{ elapsedMs: 2 * MIN, extendedMs: MIN, startedAt: 0, endedAt: null }, c.runs[1]!] })
    expect(clockView(paused, 99 * MIN)).toMatchObject({ text: '4:00', urgency: 'paused', plannedText: '31 min' })
    const idle = clock({ status: 'idle', runningSince: null, startedAt: null })
    expect(clockView(idle, 123)).toMatchObject({ text: '5:00', urgency: 'idle' })
    const ended = clock({ status: 'ended', runningSince: null, runs: [{ elapsedMs: 5 * MIN, extendedMs: 0, startedAt: 0, endedAt: 1 }, { elapsedMs: 20 * MIN + 5_000, extendedMs: 0, startedAt: 1, endedAt: 2 }], phaseIndex: 1 })
    expect(clockView(ended, 0)).toMatchObject({ text: '25:05', urgency: 'ended' })
  })

  it('sleeps until the displayed second changes', () => {
    const c = clock()
    expect(msUntilNextTick(c, 300)).toBe(701) // 4:59.7 left → shows 5:00 until 4:59.0
    expect(msUntilNextTick(c, 5 * MIN + 300)).toBe(701) // overtime 0.3 s → +0:01 at 1.0 s
    expect(msUntilNextTick(c, 1000)).toBe(1001)
    expect(msUntilNextTick(clock({ status: 'paused' }), 0)).toBe(Infinity)
  })
})

describe('plan rows', () => {
  it('keep existing phase ids and give new phases unique ids from their names', async () => {
    const { rowsToPhases } = await import('./plan.ts')
    const rows = [
      { key: 1, id: 'code', kind: 'code' as const, label: ' Code ', minutes: '25' },
      { key: 2, id: null, kind: 'custom' as const, label: 'Code', minutes: '0.5' },
      { key: 3, id: null, kind: 'custom' as const, label: 'Code', minutes: '2' },
      { key: 4, id: null, kind: 'custom' as const, label: '¡¡!!', minutes: '1' },
    ]
    expect(rowsToPhases(rows)).toEqual([
      { id: 'code', kind: 'code', label: 'Code', plannedMs: 25 * MIN },
      { id: 'code-2', kind: 'custom', label: 'Code', plannedMs: 30_000 },
      { id: 'code-3', kind: 'custom', label: 'Code', plannedMs: 2 * MIN },
      { id: 'phase', kind: 'custom', label: '¡¡!!', plannedMs: MIN },
    ])
  })
})
