import { phaseOutcome, type ClockState } from '@nudge/shared'
import { formatMinutes } from '../../../lib/duration.ts'

/**
 * The planned phases as one bar, each segment as wide as its planned (and extended) time; the
 * current one is highlighted and fills as it runs. An ordered list with aria-current, so a screen
 * reader hears "Code, 25 min, current step, 4 of 6".
 */
export function PhaseBar({ clock, progress }: { clock: ClockState; progress: number }) {
  return (
    <ol className="phase-bar" aria-label="Phases">
      {clock.phases.map((p, i) => {
        const ms = p.plannedMs + (clock.runs[i]?.extendedMs ?? 0)
        const state = phaseOutcome(clock, i)
        const current = state === 'current'
        return (
          <li
            key={p.id}
            className={`phase ${state}`}
            style={{ flexGrow: Math.max(1, ms / 60_000) }}
            aria-current={current ? 'step' : undefined}
            title={`${p.label}: ${formatMinutes(ms)}${state === 'skipped' ? ' (skipped)' : ''}`}
          >
            {current && <span className="phase-fill" style={{ width: `${Math.round(progress * 100)}%` }} aria-hidden="true" />}
            <span className="phase-label">{p.label}</span>
            <span className="phase-minutes">{formatMinutes(ms)}</span>
            {state === 'done' && <span className="visually-hidden">, done</span>}
            {state === 'skipped' && <span className="visually-hidden">, skipped</span>}
          </li>
        )
      })}
    </ol>
  )
}
