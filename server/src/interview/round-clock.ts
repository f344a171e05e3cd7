import { AppError, clockStamp, type Phase } from '@nudge/shared'
import * as clock from './clock.ts'
import type { Code } from './document.ts'
import type { ClockLogEntry, RoundState } from './rounds.ts'

export type ClockAction =
  | { type: 'configure'; phases: Phase[] }
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'extend'; seconds: number }
  | { type: 'next' }
  | { type: 'end' }

/**
 * Applies a clock action to a round and records it for the timeline. Ending the clock ends the
 * round and keeps the code captured at that moment (`code`); it never touches the document.
 */
export function applyClock(r: RoundState, action: ClockAction, now: number, code?: Code): RoundState {
  const c = r.clock
  const next = (() => {
    switch (action.type) {
      case 'configure': return clock.configure(c, action.phases)
      case 'start': return clock.start(c, now)
      case 'pause': return clock.pause(c, now)
      case 'resume': return clock.resume(c, now)
      case 'extend': return clock.extend(c, action.seconds * 1000)
      case 'next': return clock.nextPhase(c, now)
      case 'end': return clock.end(c, now)
    }
  })()
  if (action.type === 'configure') return { ...r, clock: next, phasesCustomized: true }
  const stamp = clockStamp(next, now)
  const entry: ClockLogEntry = {
    kind: action.type === 'next' ? 'phase' : action.type,
    at: now,
    elapsedMs: stamp.elapsedMs,
    phaseId: stamp.phaseId,
    label: label(action, stamp.phaseLabel),
  }
  const ended = action.type === 'end'
  if (ended && !code) throw new AppError('INTERNAL')
  return {
    ...r,
    clock: next,
    clockLog: [...r.clockLog, entry],
    ...(ended ? { endedAt: now, finalCode: { ...code!, capturedAt: now } } : {}),
  }
}

function label(action: ClockAction, phase: string): string {
  switch (action.type) {
    case 'start': return `Started: ${phase}`
    case 'next': return `Next phase: ${phase}`
    case 'pause': return 'Paused'
    case 'resume': return 'Resumed'
    case 'extend': return `Extended ${phase} by ${Math.round(action.seconds / 60 * 10) / 10} min`
    case 'end': return 'Ended'
    default: return action.type
  }
}
