import { formatElapsed } from '../../../lib/duration.ts'
import { useInterview } from '../InterviewContext.tsx'

/** The interviewer's visible notification when the candidate presses "I'm stuck". */
export function StuckAlerts({ onOpenHints }: { onOpenHints: () => void }) {
  const { snap, client } = useInterview()
  const signals = (snap.staff?.stuck ?? []).filter((s) => snap.stuckAlerts.includes(s.id))
  if (signals.length === 0) return null
  const last = signals[signals.length - 1]!
  return (
    <div className="alert-pill stuck-alert" data-testid="stuck-alert">
      <span className="pulse-dot" aria-hidden="true" />
      <span>
        <strong>{last.by} is stuck</strong>
        <span className="muted">
          {' '}
          · {last.stamp.phaseLabel} {formatElapsed(last.stamp.elapsedMs)}
          {signals.length > 1 ? ` · ${signals.length} times` : ''}
        </span>
      </span>
      <button
        className="button small secondary"
        type="button"
        onClick={() => {
          client.dismissStuck()
          onOpenHints()
        }}
      >
        Give a hint
      </button>
      <button className="icon-button" type="button" aria-label="Dismiss stuck notification" onClick={() => client.dismissStuck()}>
        ✕
      </button>
    </div>
  )
}
