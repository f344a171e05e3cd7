import {
  AppError, MINUTE, phasePlannedMs, phaseRemainingMs, warningSecondsFor,
  type ClockState, type Phase, type QuestionKind,
} from '@nudge/shared'

/**
 * The interview clock's transitions: pure functions from (state, server time) to the next state.
 * Each returns a new state with `version + 1`, or throws CONFLICT when the action does not fit
 * (e.g. pausing a clock that is not running). Persisting and broadcasting are the caller's job.
 */

type Plan = [Phase['kind'], string, number][]

const PLANS: Record<'coding' | 'system-design', Plan> = {
  coding: [
    ['intro', 'Intro', 5],
    ['clarify', 'Clarify', 5],
    ['approach', 'Approach', 10],
    ['code', 'Code', 25],
    ['test', 'Test', 10],
    ['wrap-up', 'Wrap-up', 5],
  ],
  'system-design': [
    ['intro', 'Intro', 5],
    ['requirements', 'Requirements', 10],
    ['design', 'High-level design', 15],
    ['deep-dive', 'Deep dive', 15],
    ['wrap-up', 'Wrap-up', 5],
  ],
}

/**
 * Splits `total` whole minutes among `weights` in proportion, at least one each, summing exactly
 * to `total` (largest remainder), so a 45-minute question gets a 45-minute plan, not 47. When
 * `total` is smaller than the number of phases, each phase keeps its one minute (the plan is then longer).
 */
export function splitMinutes(total: number, weights: number[]): number[] {
  if (total <= weights.length) return weights.map(() => 1)
  const sum = weights.reduce((a, b) => a + b, 0)
  const exact = weights.map((w) => (total * w) / sum)
  const out = exact.map((x) => Math.max(1, Math.floor(x)))
  // Hand out what is left by largest remainder, or take back (from the longest) what the
  // one-minute floor added.
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  let diff = total - out.reduce((a, b) => a + b, 0)
  for (let k = 0; diff > 0; k++, diff--) out[byRemainder[k % out.length]![1]]! += 1
  while (diff < 0) {
    const i = out.indexOf(Math.max(...out))
    out[i]! -= 1
    diff++
  }
  return out
}

/**
 * Default plan for a round of `kind`, adding up to the question's minutes when it has some.
 * Coding and system design split them in the proportions above; behavioral rounds get a short
 * intro and wrap-up and one block per answer (the main story and each follow-up) sharing the rest.
 */
export function defaultPhases(kind: QuestionKind, opts: { answers?: number; minutes?: number } = {}): Phase[] {
  if (kind !== 'behavioral') {
    const plan = PLANS[kind]
    const total = opts.minutes ?? plan.reduce((n, [, , min]) => n + min, 0)
    const minutes = splitMinutes(total, plan.map(([, , min]) => min))
    return plan.map(([k, label], i) => ({ id: k, kind: k, label, plannedMs: minutes[i]! * MINUTE }))
  }
  const n = Math.min(8, Math.max(1, opts.answers ?? 3))
  const total = opts.minutes ?? n * 10 + 5
  // Every answer gets the same time; intro and wrap-up are short, and the wrap-up takes what an
  // even split leaves over, so the plan adds up to the question's minutes.
  const intro = total >= 20 ? 2 : 1
  const wrap = total >= 20 ? 3 : 1
  const each = Math.max(1, Math.floor((total - intro - wrap) / n))
  const rest = Math.max(0, total - intro - wrap - each * n)
  return [
    { id: 'intro', kind: 'intro', label: 'Intro', plannedMs: intro * MINUTE },
    ...Array.from({ length: n }, (_, i): Phase => ({ id: `answer-${i + 1}`, kind: 'answer', label: `Answer ${i + 1}`, plannedMs: each * MINUTE })),
    { id: 'wrap-up', kind: 'wrap-up', label: 'Wrap-up', plannedMs: (wrap + rest) * MINUTE },
  ]
}

const freshRuns = (phases: Phase[]) => phases.map(() => ({ elapsedMs: 0, extendedMs: 0, startedAt: null, endedAt: null }))

export function createClock(phases: Phase[]): ClockState {
  return {
    status: 'idle', phases, runs: freshRuns(phases), phaseIndex: 0,
    runningSince: null, startedAt: null, pausedAt: null, endedAt: null, version: 0,
  }
}

function conflict(message: string): never {
  throw new AppError('CONFLICT', message)
}

/** Folds the running segment into the current phase's elapsed time. */
function fold(c: ClockState, now: number): ClockState {
  if (c.status !== 'running' || c.runningSince === null) return c
  const runs = c.runs.map((r, i) => (i === c.phaseIndex ? { ...r, elapsedMs: r.elapsedMs + Math.max(0, now - c.runningSince!) } : r))
  return { ...c, runs, runningSince: now }
}

const bump = (c: ClockState): ClockState => ({ ...c, version: c.version + 1 })

/** Replaces the plan; only before the start. Phase ids must be unique. */
export function configure(c: ClockState, phases: Phase[]): ClockState {
  if (c.status !== 'idle') conflict('The phases can only be edited before the clock starts.')
  if (new Set(phases.map((p) => p.id)).size !== phases.length) throw new AppError('BAD_REQUEST', 'Phase ids must be unique.')
  return bump({ ...c, phases, runs: freshRuns(phases), phaseIndex: 0 })
}

export function start(c: ClockState, now: number): ClockState {
  if (c.status !== 'idle') conflict('The clock has already started.')
  const runs = c.runs.map((r, i) => (i === 0 ? { ...r, startedAt: now } : r))
  return bump({ ...c, status: 'running', runs, phaseIndex: 0, runningSince: now, startedAt: now })
}

export function pause(c: ClockState, now: number): ClockState {
  if (c.status !== 'running') conflict('The clock is not running.')
  return bump({ ...fold(c, now), status: 'paused', runningSince: null, pausedAt: now })
}

export function resume(c: ClockState, now: number): ClockState {
  if (c.status !== 'paused') conflict('The clock is not paused.')
  return bump({ ...c, status: 'running', runningSince: now, pausedAt: null })
}

/** Adds time to the current phase. */
export function extend(c: ClockState, ms: number): ClockState {
  if (c.status !== 'running' && c.status !== 'paused') conflict('Only a running or paused clock can be extended.')
  const runs = c.runs.map((r, i) => (i === c.phaseIndex ? { ...r, extendedMs: r.extendedMs + ms } : r))
  return bump({ ...c, runs })
}

/** Closes the current phase and opens the next; a paused clock stays paused. */
export function nextPhase(c: ClockState, now: number): ClockState {
  if (c.status !== 'running' && c.status !== 'paused') conflict('The clock is not running.')
  if (c.phaseIndex >= c.phases.length - 1) conflict('This is the last phase; end the session instead.')
  const f = fold(c, now)
  const i = c.phaseIndex
  const runs = f.runs.map((r, j) => (j === i ? { ...r, endedAt: now } : j === i + 1 ? { ...r, startedAt: now } : r))
  return bump({ ...f, runs, phaseIndex: i + 1, runningSince: c.status === 'running' ? now : null })
}

/**
 * Ends the session. Only the clock stops: the document stays editable and nothing typed is
 * discarded (CoderScreen PR #40). An idle clock may be ended too, to close a round that never ran.
 */
export function end(c: ClockState, now: number): ClockState {
  if (c.status === 'ended') conflict('The session has already ended.')
  const f = fold(c, now)
  const runs = f.runs.map((r, i) => (i === c.phaseIndex && c.status !== 'idle' ? { ...r, endedAt: now } : r))
  return bump({ ...f, status: 'ended', runs, runningSince: null, pausedAt: null, endedAt: now })
}

export interface PendingWarning {
  /** Server time at which the warning is due. */
  at: number
  secondsLeft: number
}

/**
 * The next phase warning strictly below `below` seconds (the one just fired), or null when the
 * clock is not running or no threshold is left in this phase.
 */
export function nextWarning(c: ClockState, now: number, below = Infinity): PendingWarning | null {
  if (c.status !== 'running') return null
  const remaining = phaseRemainingMs(c, now)
  for (const s of warningSecondsFor(phasePlannedMs(c))) {
    if (s < below && remaining > s * 1000) return { at: now + (remaining - s * 1000), secondsLeft: s }
  }
  return null
}
