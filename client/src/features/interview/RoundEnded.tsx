import { useState } from 'react'
import { useInterview } from './InterviewContext.tsx'
import { useAction } from './useAction.ts'
import type { SidebarTab } from './tabs.ts'

/**
 * What happens after the clock ended: everyone can open the debrief; the interviewer can start
 * the next round with the same roles (and pick its question there), or swap roles, which starts
 * the next round with a question the new candidate has not seen.
 */
export function RoundEnded({ onTab }: { onTab: (tab: SidebarTab) => void }) {
  const { state, role, client, live, openDebrief } = useInterview()
  const action = useAction()
  const [confirmSwap, setConfirmSwap] = useState(false)
  const next = state.round.n + 1
  return (
    <div className="round-ended" role="group" aria-label="Round ended">
      <span className="round-ended-text">
        <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        Round {state.round.n} ended
      </span>
      {role === 'interviewer' && (
        <button className="button secondary" type="button" onClick={() => onTab('score')}>
          Score the round
        </button>
      )}
      {role === 'candidate' && (
        <button className="button secondary" type="button" onClick={() => onTab('score')}>
          Assess yourself
        </button>
      )}
      <button className="button primary" type="button" onClick={() => openDebrief(state.round.n)}>
        Open debrief
      </button>
      {role === 'interviewer' && !confirmSwap && (
        <button
          className="button secondary"
          type="button"
          disabled={!live || action.busy}
          title="Same roles; you pick the question next"
          onClick={() => void action.run(async () => {
            await client.run('round:next', {})
            onTab('question')
          })}
        >
          Next round (same roles)
        </button>
      )}
      {role === 'interviewer' &&
        (!confirmSwap ? (
          <button className="button secondary" type="button" disabled={!live} onClick={() => setConfirmSwap(true)}>
            <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <path d="M2.5 5.5h10l-2.5-2.5M13.5 10.5h-10l2.5 2.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            Swap roles
          </button>
        ) : (
          <span className="confirm" role="group" aria-label="Confirm role swap">
            <span className="confirm-text">You become the candidate for round {next}.</span>
            <button
              className="button primary"
              type="button"
              autoFocus
              disabled={action.busy}
              onClick={() => void action.run(() => client.run('round:swap', {}))}
            >
              Swap and start round {next}
            </button>
            <button className="button ghost" type="button" onClick={() => setConfirmSwap(false)}>
              Cancel
            </button>
          </span>
        ))}
      {action.error && <span className="field-error" role="alert">{action.error}</span>}
    </div>
  )
}
