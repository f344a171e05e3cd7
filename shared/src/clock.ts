import { z } from 'zod'

/**
 * The interview clock on the wire. The server owns it: clients never count down from their own
 * start time, they evaluate the state below at their estimate of the server's time
 * (`Date.now() + offset`, the offset measured with `clock:ping`), so every participant shows the
 * same remaining time (scrumlr.io #85, conference-bot PR #67).
 */

export const PHASE_KINDS = [
  'intro', 'clarify', 'approach', 'code', 'test', 'wrap-up', 'answer', 'requirements', 'design', 'deep-dive', 'custom',
] as const
export const PhaseKind = z.enum(PHASE_KINDS)
export type PhaseKind = z.infer<typeof PhaseKind>

export const MINUTE = 60_000

/** A planned phase. `id` is unique within the clock (e.g. `code`, `answer-2`). */
export const Phase = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,32}$/),
  kind: PhaseKind,
  label: z.string().trim().min(1).max(40),
  plannedMs: z.number().int().min(MINUTE / 2).max(4 * 60 * MINUTE),
})
export type Phase = z.infer<typeof Phase>

/** What actually happened in a phase. `elapsedMs` excludes the running segment in progress. */
export const PhaseRun = z.object({
  elapsedMs: z.number().int().min(0),
  extendedMs: z.number().int().min(0),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
})
export type PhaseRun = z.infer<typeof PhaseRun>

export const CLOCK_STATUSES = ['idle', 'running', 'paused', 'ended'] as const
export const ClockStatus = z.enum(CLOCK_STATUSES)
export type ClockStatus = z.infer<typeof ClockStatus>

export const ClockState = z.object({
  status: ClockStatus,
  phases: z.array(Phase).min(1).max(20),
  /** One entry per phase, same order. */
  runs: z.array(PhaseRun),
  phaseIndex: z.number().int().min(0),
  /** Server time the current running segment began; null unless running. */
  runningSince: z.number().nullable(),
  startedAt: z.number().nullable(),
  pausedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  /** Increases with every change; a client ignores an update older than the one it shows. */
  version: z.number().int().min(0),
})
export type ClockState = z.infer<typeof ClockState>

/** Warnings fire when the current phase has this many seconds left (0 = time is up). */
export const CLOCK_WARNING_SECONDS = [120, 30, 0] as const

/**
 * The warnings that make sense for a phase of `plannedMs` (extensions included). A warning never
 * fires as the phase starts, and the 2-minute one only in phases of 4 minutes or more (in its
 * second half): a 2-minute answer is not amber from its first second; it gets "30 seconds left"
 * and time-up, while a 25-minute phase gets all three.
 */
export function warningSecondsFor(plannedMs: number): number[] {
  return CLOCK_WARNING_SECONDS.filter((s) => s === 0 || (s * 1_000 < plannedMs && (s < 60 || s * 2_000 <= plannedMs)))
}

/** The current phase's planned length with its extensions. */
export function phasePlannedMs(c: ClockState): number {
  return (c.phases[c.phaseIndex]?.plannedMs ?? 0) + (c.runs[c.phaseIndex]?.extendedMs ?? 0)
}

const runningPart = (c: ClockState, now: number): number =>
  c.status === 'running' && c.runningSince !== null ? Math.max(0, now - c.runningSince) : 0

/** Time spent in the current phase at server time `now`. */
export function phaseElapsedMs(c: ClockState, now: number): number {
  return (c.runs[c.phaseIndex]?.elapsedMs ?? 0) + runningPart(c, now)
}

/** Time left in the current phase; negative means overtime. */
export function phaseRemainingMs(c: ClockState, now: number): number {
  const planned = (c.phases[c.phaseIndex]?.plannedMs ?? 0) + (c.runs[c.phaseIndex]?.extendedMs ?? 0)
  return planned - phaseElapsedMs(c, now)
}

/** Running time of the whole session so far (pauses excluded). */
export function sessionElapsedMs(c: ClockState, now: number): number {
  return c.runs.reduce((n, r) => n + r.elapsedMs, 0) + runningPart(c, now)
}

/** Planned plus extended time of all phases. */
export function sessionPlannedMs(c: ClockState): number {
  return c.phases.reduce((n, p, i) => n + p.plannedMs + (c.runs[i]?.extendedMs ?? 0), 0)
}

/**
 * A client's estimate of server time from one `clock:ping` round trip: the server read its clock
 * about half-way through the round trip. Keep the estimate from the ping with the smallest RTT.
 */
export function clockOffset(sample: { clientSentAt: number; serverNow: number }, clientReceivedAt: number): { offsetMs: number; rttMs: number } {
  const rttMs = Math.max(0, clientReceivedAt - sample.clientSentAt)
  return { offsetMs: sample.serverNow - (sample.clientSentAt + rttMs / 2), rttMs }
}

export type PhaseOutcome = 'upcoming' | 'current' | 'done' | 'skipped'

/**
 * How phase `i` stands: a phase the clock never reached is `skipped` once the round ended (an
 * early end does not mark Test and Wrap-up as done), `upcoming` while it may still come.
 */
export function phaseOutcome(c: ClockState, i: number): PhaseOutcome {
  if (c.status === 'idle') return 'upcoming'
  const reached = c.runs[i]?.startedAt != null || i <= c.phaseIndex
  if (c.status === 'ended') return reached ? 'done' : 'skipped'
  if (i < c.phaseIndex) return 'done'
  return i === c.phaseIndex ? 'current' : 'upcoming'
}

/** Where on the clock something happened: stamped on hints, notes, questions and stuck signals. */
export const ClockStamp = z.object({
  phaseIndex: z.number().int(),
  phaseId: z.string(),
  phaseLabel: z.string(),
  /** Session running time when it happened (0 before the clock starts). */
  elapsedMs: z.number().int(),
  phaseElapsedMs: z.number().int(),
  status: ClockStatus,
})
export type ClockStamp = z.infer<typeof ClockStamp>

export function clockStamp(c: ClockState, now: number): ClockStamp {
  const phase = c.phases[c.phaseIndex]!
  return {
    phaseIndex: c.phaseIndex,
    phaseId: phase.id,
    phaseLabel: phase.label,
    elapsedMs: Math.round(sessionElapsedMs(c, now)),
    phaseElapsedMs: Math.round(phaseElapsedMs(c, now)),
    status: c.status,
  }
}
