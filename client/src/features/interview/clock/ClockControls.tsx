import { useState } from 'react'
import type { ClockState } from '@nudge/shared'
import { useInterview } from '../InterviewContext.tsx'
import { useAction } from '../useAction.ts'
import { PlanEditor } from './PlanEditor.tsx'

/** The interviewer's clock controls; what is offered follows the clock's status. */
export function ClockControls({ clock }: { clock: ClockState }) {
  const { client, live, snap } = useInterview()
  const action = useAction()
  const [editing, setEditing] = useState(false)
  const [confirmEnd, setConfirmEnd] = useState(false)
  const disabled = action.busy || !live
  const last = clock.phaseIndex >= clock.phases.length - 1
  const run = (fn: () => Promise<unknown>) => void action.run(fn)

  if (clock.status === 'ended') return null
  return (
    <div className="clock-controls">
      <div className="control-row" role="group" aria-label="Clock controls">
        {clock.status === 'idle' && (
          <>
            <button className="button primary" type="button" disabled={disabled} onClick={() => run(() => client.clock('clock:start'))}>
              <PlayIcon /> Start clock
            </button>
            <button className="button secondary" type="button" aria-expanded={editing} onClick={() => setEditing((e) => !e)} disabled={!live}>
              Edit plan
            </button>
          </>
        )}
        {clock.status === 'running' && (
          <button className="button secondary" type="button" disabled={disabled} onClick={() => run(() => client.clock('clock:pause'))}>
            <PauseIcon /> Pause clock
          </button>
        )}
        {clock.status === 'paused' && (
          <button className="button primary" type="button" disabled={disabled} onClick={() => run(() => client.clock('clock:resume'))}>
            <PlayIcon /> Resume clock
          </button>
        )}
        {(clock.status === 'running' || clock.status === 'paused') && (
          <>
            <button className="button secondary" type="button" disabled={disabled} title="Add 1 minute to this phase" onClick={() => run(() => client.extend(60))}>
              +1 min
            </button>
            <button className="button secondary" type="button" disabled={disabled} title="Add 5 minutes to this phase" onClick={() => run(() => client.extend(300))}>
              +5 min
            </button>
            <button
              className="button secondary"
              type="button"
              disabled={disabled || last}
              title={last ? 'This is the last phase' : `Move on to ${clock.phases[clock.phaseIndex + 1]?.label}`}
              onClick={() => run(() => client.clock('clock:next'))}
            >
              Next phase
            </button>
          </>
        )}
        {!confirmEnd ? (
          <button className="button danger-ghost" type="button" disabled={disabled} onClick={() => setConfirmEnd(true)}>
            End round
          </button>
        ) : (
          <span className="confirm" role="group" aria-label="Confirm ending the round">
            <span className="confirm-text">End the round for everyone?</span>
            <button
              className="button danger"
              type="button"
              autoFocus
              disabled={disabled}
              onClick={() => run(async () => {
                await client.clock('clock:end')
                setConfirmEnd(false)
              })}
            >
              Yes, end round
            </button>
            <button className="button ghost" type="button" onClick={() => setConfirmEnd(false)}>
              Cancel
            </button>
          </span>
        )}
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={snap.settings.pauseOnDrop}
          disabled={disabled}
          onChange={(e) => {
            const pauseOnDrop = e.currentTarget.checked
            run(() => client.updateSettings({ pauseOnDrop }))
          }}
        />
        Pause the clock when I drop
      </label>
      {action.error && (
        <p className="field-error" role="alert">
          {action.error}
        </p>
      )}
      {editing && clock.status === 'idle' && <PlanEditor clock={clock} onDone={() => setEditing(false)} />}
    </div>
  )
}

function PlayIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M5 3.5v9l7-4.5z" fill="currentColor" />
    </svg>
  )
}

function PauseIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M5 3.5h2v9H5zM9 3.5h2v9H9z" fill="currentColor" />
    </svg>
  )
}
