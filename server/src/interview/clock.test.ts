import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  AppError, MINUTE, clockOffset, clockStamp, phaseElapsedMs, phaseRemainingMs, sessionElapsedMs, sessionPlannedMs,
  type ClockState,
} from '@nudge/shared'
import * as clock from './clock.ts'

const T0 = 1_700_000_000_000
const coding = () => clock.createClock(clock.defaultPhases('coding'))
const conflict = (fn: () => unknown) => {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('CONFLICT')
    return
  }
  throw new Error('expected CONFLICT')
}

describe('default phases', () => {
  it('coding: intro, clarify, approach, code, test, wrap-up (60 min), scaled to a question’s minutes', () => {
    const plan = clock.defaultPhases('coding')
    expect(plan.map((p) => p.id)).toEqual(['intro', 'clarify', 'approach', 'code', 'test', 'wrap-up'])
    expect(plan.map((p) => p.plannedMs / MINUTE)).toEqual([5, 5, 10, 25, 10, 5])
    const short = clock.defaultPhases('coding', { minutes: 30 })
    expect(short.map((p) => p.plannedMs / MINUTE)).toEqual([3, 3, 5, 12, 5, 2])
  })

  it('adds up to the question’s minutes exactly (#14.5)', () => {
    const total = (phases: { plannedMs: number }[]) => phases.reduce((n, p) => n + p.plannedMs, 0) / MINUTE
    for (const minutes of [10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 75, 90]) {
      expect(total(clock.defaultPhases('coding', { minutes }))).toBe(minutes)
      expect(total(clock.defaultPhases('system-design', { minutes }))).toBe(minutes)
      for (const answers of [1, 2, 3, 4]) expect(total(clock.defaultPhases('behavioral', { minutes, answers }))).toBe(minutes)
    }
    expect(clock.defaultPhases('system-design', { minutes: 45 }).map((p) => p.plannedMs / MINUTE)).toEqual([5, 9, 14, 13, 4])
    expect(clock.splitMinutes(3, [5, 5, 10, 25, 10, 5])).toEqual([1, 1, 1, 1, 1, 1]) // too short: one minute each
  })

  it('behavioral: one block per answer between intro and wrap-up', () => {
    const plan = clock.defaultPhases('behavioral', { answers: 4, minutes: 12 })
    expect(plan.map((p) => p.id)).toEqual(['intro', 'answer-1', 'answer-2', 'answer-3', 'answer-4', 'wrap-up'])
    expect(plan.filter((p) => p.kind === 'answer').every((p) => p.plannedMs === 2 * MINUTE)).toBe(true)
    expect(clock.defaultPhases('system-design').map((p) => p.kind)).toEqual(['intro', 'requirements', 'design', 'deep-dive', 'wrap-up'])
  })
})

describe('clock transitions', () => {
  it('counts only running time: start, pause, resume, extend, next, end', () => {
    let c = clock.start(coding(), T0)
    expect(c.status).toBe('running')
    expect(phaseRemainingMs(c, T0 + 60_000)).toBe(4 * MINUTE)
    c = clock.pause(c, T0 + 60_000)
    // Paused: time does not pass, on any machine evaluating the state.
    expect(phaseRemainingMs(c, T0 + 10 * MINUTE)).toBe(4 * MINUTE)
    c = clock.resume(c, T0 + 10 * MINUTE)
    expect(phaseElapsedMs(c, T0 + 11 * MINUTE)).toBe(2 * MINUTE)
    c = clock.extend(c, 2 * MINUTE)
    expect(phaseRemainingMs(c, T0 + 11 * MINUTE)).toBe(5 * MINUTE)
    c = clock.nextPhase(c, T0 + 11 * MINUTE)
    expect(c.phaseIndex).toBe(1)
    expect(c.runs[0]).toEqual({ elapsedMs: 2 * MINUTE, extendedMs: 2 * MINUTE, startedAt: T0, endedAt: T0 + 11 * MINUTE })
    expect(phaseRemainingMs(c, T0 + 12 * MINUTE)).toBe(4 * MINUTE)
    expect(sessionElapsedMs(c, T0 + 12 * MINUTE)).toBe(3 * MINUTE)
    c = clock.end(c, T0 + 12 * MINUTE)
    expect(c.status).toBe('ended')
    expect(sessionElapsedMs(c, T0 + 99 * MINUTE)).toBe(3 * MINUTE)
    expect(c.version).toBe(6)
    expect(sessionPlannedMs(c)).toBe(62 * MINUTE)
  })

  it('overtime is negative remaining time; the phase does not advance by itself', () => {
    const c = clock.start(coding(), T0)
    expect(phaseRemainingMs(c, T0 + 6 * MINUTE)).toBe(-MINUTE)
    expect(c.phaseIndex).toBe(0)
  })

  it('refuses actions that do not fit the state, with CONFLICT', () => {
    const idle = coding()
    conflict(() => clock.pause(idle, T0))
    conflict(() => clock.resume(idle, T0))
    conflict(() => clock.extend(idle, MINUTE))
    conflict(() => clock.nextPhase(idle, T0))
    const running = clock.start(idle, T0)
    conflict(() => clock.start(running, T0))
    conflict(() => clock.resume(running, T0))
    conflict(() => clock.configure(running, clock.defaultPhases('coding')))
    let last = running
    for (let i = 0; i < 5; i++) last = clock.nextPhase(last, T0 + i)
    conflict(() => clock.nextPhase(last, T0 + 10))
    const ended = clock.end(last, T0 + 10)
    conflict(() => clock.end(ended, T0 + 11))
    conflict(() => clock.start(ended, T0 + 11))
  })

  it('edits the plan only before the start and rejects duplicate phase ids', () => {
    const phases = [{ id: 'warm-up', kind: 'custom' as const, label: 'Warm-up', plannedMs: 2 * MINUTE }, { id: 'code', kind: 'code' as const, label: 'Code', plannedMs: 30 * MINUTE }]
    const c = clock.configure(coding(), phases)
    expect(c.phases).toEqual(phases)
    expect(c.runs).toHaveLength(2)
    expect(() => clock.configure(coding(), [phases[0]!, phases[0]!])).toThrow(/unique/)
  })

  it('an idle clock can be ended (a round that never ran)', () => {
    const c = clock.end(coding(), T0)
    expect(c.status).toBe('ended')
    expect(c.runs.every((r) => r.startedAt === null && r.endedAt === null)).toBe(true)
  })

  it('stamps where on the clock something happened', () => {
    let c = clock.start(coding(), T0)
    c = clock.nextPhase(c, T0 + 4 * MINUTE)
    expect(clockStamp(c, T0 + 5 * MINUTE)).toEqual({
      phaseIndex: 1, phaseId: 'clarify', phaseLabel: 'Clarify', elapsedMs: 5 * MINUTE, phaseElapsedMs: MINUTE, status: 'running',
    })
  })

  it('property: any sequence of valid actions keeps elapsed time equal to running wall time', () => {
    const action = fc.constantFrom('pause', 'resume', 'extend', 'next', 'end')
    fc.assert(
      fc.property(fc.array(fc.tuple(action, fc.integer({ min: 0, max: 5 * MINUTE })), { maxLength: 40 }), (steps) => {
        let c: ClockState = clock.start(coding(), T0)
        let now = T0
        let running = 0
        for (const [a, dt] of steps) {
          if (c.status === 'running') running += dt
          now += dt
          try {
            if (a === 'pause') c = clock.pause(c, now)
            else if (a === 'resume') c = clock.resume(c, now)
            else if (a === 'extend') c = clock.extend(c, MINUTE)
            else if (a === 'next') c = clock.nextPhase(c, now)
            else c = clock.end(c, now)
          } catch (err) {
            if (!(err instanceof AppError)) throw err
          }
        }
        expect(sessionElapsedMs(c, now)).toBe(running)
        expect(c.runs.reduce((n, r) => n + r.elapsedMs, 0) + (c.status === 'running' ? now - c.runningSince! : 0)).toBe(running)
      }),
    )
  })
})

describe('warnings', () => {
  it('schedules 2 min, 30 s and time-up for the current phase, each once', () => {
    const c = clock.start(coding(), T0) // intro: 5 min
    const w1 = clock.nextWarning(c, T0)!
    expect(w1).toEqual({ at: T0 + 3 * MINUTE, secondsLeft: 120 })
    const w2 = clock.nextWarning(c, w1.at, w1.secondsLeft)!
    expect(w2).toEqual({ at: T0 + 4.5 * MINUTE, secondsLeft: 30 })
    const w3 = clock.nextWarning(c, w2.at, w2.secondsLeft)!
    expect(w3).toEqual({ at: T0 + 5 * MINUTE, secondsLeft: 0 })
    expect(clock.nextWarning(c, w3.at, 0)).toBeNull()
    // Joining late skips what already passed; a paused clock has no warnings.
    expect(clock.nextWarning(c, T0 + 4 * MINUTE)?.secondsLeft).toBe(30)
    expect(clock.nextWarning(clock.pause(c, T0 + MINUTE), T0 + MINUTE)).toBeNull()
  })

  it('a 2-minute behavioral answer does not start with "2 minutes left": 30 s and time-up only', () => {
    const phases = clock.defaultPhases('behavioral', { answers: 3, minutes: 8 })
    expect(phases[1]!.plannedMs).toBe(2 * MINUTE)
    const c = clock.nextPhase(clock.start(clock.createClock(phases), T0), T0 + MINUTE) // into Answer 1
    const w1 = clock.nextWarning(c, T0 + MINUTE)!
    expect(w1).toEqual({ at: T0 + 2.5 * MINUTE, secondsLeft: 30 })
    expect(clock.nextWarning(c, w1.at, 30)).toEqual({ at: T0 + 3 * MINUTE, secondsLeft: 0 })
    // Extended to 4 minutes, the 2-minute warning makes sense again.
    const longer = clock.extend(c, 2 * MINUTE)
    expect(clock.nextWarning(longer, T0 + MINUTE)?.secondsLeft).toBe(120)
  })
})

describe('client clock offset', () => {
  it('assumes the server read its clock half-way through the round trip', () => {
    expect(clockOffset({ clientSentAt: 1000, serverNow: 5050 }, 1100)).toEqual({ offsetMs: 4000, rttMs: 100 })
  })
})
