import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ClockWarning } from '@nudge/shared'
import { ClockAlarms } from './clock-alarms.ts'
import * as clock from './clock.ts'

describe('clock warnings (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('fires 2 min, 30 s and time-up once each, re-arms on changes and ignores stale states', () => {
    const fired: ClockWarning[] = []
    const alarms = new ClockAlarms((_room, w) => fired.push(w))
    const started = clock.start(clock.createClock(clock.defaultPhases('coding')), Date.now()) // intro: 5 min
    alarms.arm('room', 1, started)
    alarms.arm('room', 1, started) // a participant connecting re-arms the same state: no duplicate
    vi.advanceTimersByTime(3 * 60_000)
    expect(fired.map((w) => w.secondsLeft)).toEqual([120])
    expect(fired[0]).toMatchObject({ round: 1, phaseId: 'intro', phaseLabel: 'Intro' })
    alarms.arm('room', 1, started) // reconnect after a warning: it does not fire again
    vi.advanceTimersByTime(2 * 60_000)
    expect(fired.map((w) => w.secondsLeft)).toEqual([120, 30, 0])
    vi.advanceTimersByTime(30_000)
    expect(fired).toHaveLength(3)

    const extended = clock.extend(started, 5 * 60_000) // 4.5 min left again: the warnings come again
    alarms.arm('room', 1, extended)
    alarms.arm('room', 1, started) // an older version arriving late is ignored
    vi.advanceTimersByTime(3 * 60_000)
    expect(fired.map((w) => w.secondsLeft)).toEqual([120, 30, 0, 120])

    alarms.arm('room', 1, clock.pause(extended, Date.now()))
    expect(alarms.pending).toBe(0)
    vi.advanceTimersByTime(60 * 60_000)
    expect(fired).toHaveLength(4)
    alarms.close()
  })
})
