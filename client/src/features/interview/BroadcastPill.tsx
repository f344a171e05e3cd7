import { useInterview } from './InterviewContext.tsx'

/** The cohort organizer's latest broadcast ("5 minutes left", a message), for everyone in the room. */
export function BroadcastPill() {
  const { snap, client } = useInterview()
  const b = snap.broadcast
  if (!b) return null
  return (
    <div className="alert-pill broadcast-pill" role="status" data-testid="cohort-broadcast">
      <span>
        <strong>Organizer:</strong> {b.text}
      </span>
      <button className="icon-button" type="button" aria-label="Dismiss the organizer's message" onClick={() => client.dismissBroadcast()}>
        ✕
      </button>
    </div>
  )
}
