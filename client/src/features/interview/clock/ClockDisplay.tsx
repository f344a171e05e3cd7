import { useId } from 'react'
import type { ClockState } from '@nudge/shared'
import { clockView, type ClockView } from './format.ts'

const STATUS_TEXT: Record<ClockView['urgency'], string> = {
  idle: 'Not started',
  normal: '',
  soon: 'Under 2 minutes',
  last: 'Last 30 seconds',
  over: 'Overtime',
  paused: 'Paused',
  ended: 'Round ended',
}

/** The big remaining time. Its accessible name is "Time remaining" ("Total time" once ended). */
export function ClockDisplay({ clock, now }: { clock: ClockState; now: number }) {
  const id = useId()
  const v = clockView(clock, now)
  const ended = clock.status === 'ended'
  const status = STATUS_TEXT[v.urgency]
  return (
    <div className={`clock urgency-${v.urgency}`}>
      <div className="clock-caption">
        <span id={`${id}-cap`}>{ended ? 'Total time' : 'Time remaining'}</span>
        {!ended && <span className="clock-phase"> · {v.phaseLabel}</span>}
      </div>
      <div className="clock-time mono" role="timer" aria-labelledby={`${id}-cap`} data-testid="time-remaining">
        {v.text}
      </div>
      <div className="clock-meta">
        {status && <span className={`clock-status s-${v.urgency}`}>{status}</span>}
        <span>
          {ended ? `${v.plannedText} planned` : `${v.elapsedText} of ${v.plannedText}`}
        </span>
      </div>
    </div>
  )
}
