import { describeWarning } from '../../../realtime/interviewState.ts'
import { useInterview } from '../InterviewContext.tsx'

/** The last phase warning from the server (2 minutes, 30 seconds, time is up), visible to everyone. */
export function WarningPill() {
  const { snap, client } = useInterview()
  const w = snap.warning
  if (!w) return null
  return (
    <div className={`alert-pill warning-pill ${w.secondsLeft === 0 ? 'over' : ''}`} data-testid="clock-warning">
      <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <circle cx="8" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M8 5.5v3l2 1.5M6.5 1.5h3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      <span>{describeWarning(w)}</span>
      <button className="icon-button" type="button" aria-label="Dismiss time warning" onClick={() => client.dismissWarning()}>
        ✕
      </button>
    </div>
  )
}
