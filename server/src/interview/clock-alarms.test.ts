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

describe('clock warnings with several nodes (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('re-reads the stored clock before firing: a change made on another node re-arms instead', async () => {
    const fired: ClockWarning[] = []
    const started = clock.start(clock.createClock(clock.defaultPhases('coding')), Date.now())
    let stored = started
    const alarms = new ClockAlarms((_room, w) => fired.push(w), Date.now, async () => ({ round: 1, clock: stored }))
    alarms.arm('room', 1, started)
    stored = clock.pause(started, Date.now() + 60_000) // paused elsewhere, one minute in
    await vi.advanceTimersByTimeAsync(3 * 60_000)
    expect(fired).toEqual([])
    expect(alarms.pending).toBe(0)
    stored = clock.resume(stored, Date.now())
    alarms.arm('room', 1, stored) // told by the other node: 4 min left, so the 2-min warning is 2 min away
    await vi.advanceTimersByTimeAsync(2 * 60_000)
    expect(fired.map((w) => w.secondsLeft)).toEqual([120])
    alarms.close()
  })
})
