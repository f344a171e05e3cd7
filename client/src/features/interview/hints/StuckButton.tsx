import { useEffect, useState } from 'react'
import { INTERVIEW_LIMITS } from '@nudge/shared'
import { useInterview } from '../InterviewContext.tsx'
import { useAction } from '../useAction.ts'

/** The candidate's "I'm stuck": tells only the interviewer, who decides what to do with it. */
export function StuckButton() {
  const { client, live } = useInterview()
  const action = useAction()
  const [sentAt, setSentAt] = useState<number | null>(null)
  const [delivered, setDelivered] = useState(true)
  useEffect(() => {
    if (sentAt === null) return
    const t = setTimeout(() => setSentAt(null), INTERVIEW_LIMITS.stuckCooldownSeconds * 1000)
    return () => clearTimeout(t)
  }, [sentAt])
  return (
    <div className="stuck">
      <button
        className="button stuck-button"
        type="button"
        disabled={action.busy || !live}
        aria-describedby="stuck-help"
        onClick={async () => {
          const res = await action.run(() => client.run('stuck:raise', {}))
          if (res) {
            setDelivered(res.delivered)
            setSentAt(res.at)
          }
        }}
      >
        <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M3 14V2.5M3 3h8.5l-1.8 2.8L11.5 8.5H3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
        </svg>
        I'm stuck
      </button>
      <span id="stuck-help" className="visually-hidden">Quietly lets your interviewer know you would like a nudge.</span>
      <span className="stuck-status" role="status">
        {sentAt === null ? '' : delivered ? 'Your interviewer has been told.' : 'Your interviewer is offline; they will see it when they return.'}
      </span>
      {action.error && <span className="field-error" role="alert">{action.error}</span>}
    </div>
  )
}
