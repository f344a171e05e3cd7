import { phaseElapsedMs, phaseRemainingMs, sessionElapsedMs, sessionPlannedMs, warningSecondsFor, type ClockState } from '@nudge/shared'
import { formatElapsed, formatMinutes, formatRemaining } from '../../../lib/duration.ts'

export type Urgency = 'idle' | 'normal' | 'soon' | 'last' | 'over' | 'paused' | 'ended'

export interface ClockView {
  /** The big number. */
  text: string
  urgency: Urgency
  phaseLabel: string
  phaseIndex: number
  /** "Phase 2 of 6". */
  position: string
  /** Session running time so far and the whole plan (with extensions). */
  elapsedText: string
  plannedText: string
  /** 0–1 through the current phase (1 in overtime). */
  progress: number
}

/**
 * Everything the clock shows, from the server's state at the server time `now`
 * (local time plus the measured offset).
 */
export function clockView(c: ClockState, now: number): ClockView {
  const phase = c.phases[c.phaseIndex] ?? c.phases[0]!
  const remaining = phaseRemainingMs(c, now)
  const planned = phase.plannedMs + (c.runs[c.phaseIndex]?.extendedMs ?? 0)
  // The same thresholds as the server's warnings: a short phase is not amber from its first second.
  const warnings = warningSecondsFor(planned)
  let urgency: Urgency
  if (c.status === 'idle') urgency = 'idle'
  else if (c.status === 'ended') urgency = 'ended'
  else if (remaining <= 0) urgency = 'over'
  else if (c.status === 'paused') urgency = 'paused'
  else if (remaining <= 30_000 && warnings.includes(30)) urgency = 'last'
  else if (remaining <= 120_000 && warnings.includes(120)) urgency = 'soon'
  else urgency = 'normal'
  return {
    text: c.status === 'ended' ? formatElapsed(sessionElapsedMs(c, now)) : formatRemaining(remaining),
    urgency,
    phaseLabel: phase.label,
    phaseIndex: c.phaseIndex,
    position: `Phase ${c.phaseIndex + 1} of ${c.phases.length}`,
    elapsedText: formatElapsed(sessionElapsedMs(c, now)),
    plannedText: formatMinutes(sessionPlannedMs(c)),
    progress: planned > 0 ? Math.min(1, Math.max(0, phaseElapsedMs(c, now) / planned)) : 0,
  }
}

/**
 * Milliseconds until the displayed countdown changes, so a renderer can sleep until then instead
 * of repainting 60 times a second. Never less than 16 ms.
 */
export function msUntilNextTick(c: ClockState, now: number): number {
  if (c.status !== 'running') return Infinity
  const remaining = phaseRemainingMs(c, now)
  // Counting down (rounded up) and in overtime (rounded down) alike, the text changes each time
  // `remaining` crosses a multiple of 1000, which is `remaining mod 1000` away.
  const frac = ((remaining % 1000) + 1000) % 1000
  return Math.max(16, (frac || 1000) + 1)
}
