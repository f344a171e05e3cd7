import { useId, useState } from 'react'
import { BEHAVIORAL_FLAGS, SCORE_LABELS, STAR_LABELS, STAR_PARTS, competency, starCount, type AnswerView } from '@nudge/shared'
import { useInterview } from '../InterviewContext.tsx'
import { useAction } from '../useAction.ts'

/**
 * The interviewer's live review of the answer on stage, private to them: tick S, T, A and R as
 * each is heard, drop flags, read the follow-ups, and score each competency on its 1–4 anchors.
 */
export function AnswerReviewPanel({ answer }: { answer: AnswerView }) {
  const id = useId()
  const { client, live, state, snap } = useInterview()
  const action = useAction()
  const [custom, setCustom] = useState('')
  const review = answer.review
  if (!review) return null
  const frozen = snap.staff?.scorecard?.shared === true
  const send = (patch: Omit<Parameters<typeof client.run<'answer:review'>>[1], 'answerId'>) =>
    action.run(() => client.run('answer:review', { answerId: answer.id, ...patch }))
  const toggleFlag = (f: string) => send({ flags: review.flags.includes(f) ? review.flags.filter((x) => x !== f) : [...review.flags, f] })
  const flags = [...new Set([...BEHAVIORAL_FLAGS, ...review.flags])]
  const disabled = !live || frozen
  return (
    <section className="stage-card review" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>
        Your review <span className="private-tag">private</span>
      </h3>
      <div className="star-checklist" role="group" aria-label="STAR checklist">
        {STAR_PARTS.map((p) => (
          <button key={p} type="button" className="star-part" aria-pressed={review.star[p]} disabled={disabled} onClick={() => void send({ star: { [p]: !review.star[p] } })}>
            <span className="star-letter" aria-hidden="true">{p[0]!.toUpperCase()}</span>
            {STAR_LABELS[p]}
          </button>
        ))}
        <span className="muted small" aria-live="polite">{starCount(review.star)}/4 heard</span>
      </div>
      <div className="flag-list" role="group" aria-label="Flags">
        {flags.map((f) => (
          <button key={f} type="button" className="chip flag" aria-pressed={review.flags.includes(f)} disabled={disabled} onClick={() => void toggleFlag(f)}>
            {f}
          </button>
        ))}
        <form
          className="flag-custom"
          onSubmit={(e) => {
            e.preventDefault()
            const f = custom.trim()
            if (f && !review.flags.includes(f)) void send({ flags: [...review.flags, f] }).then(() => setCustom(''))
          }}
        >
          <input aria-label="Custom flag" placeholder="Custom flag" value={custom} maxLength={80} onChange={(e) => setCustom(e.target.value)} />
          <button type="submit" className="button secondary small" disabled={disabled || !custom.trim()}>Add</button>
        </form>
      </div>
      {review.followUps.length > 0 && (
        <details className="follow-ups" open={answer.followUpAt !== null}>
          <summary>Follow-up prompts</summary>
          <ul>{review.followUps.map((f, i) => <li key={i}>{f}</li>)}</ul>
        </details>
      )}
      <div className="rubric">
        {(review.competencies.length ? review.competencies : ['communication']).map((c) => {
          const info = competency(c)
          const score = review.scores[c] ?? null
          return (
            <fieldset key={c} className="rubric-row">
              <legend>{info.label}</legend>
              <div className="rubric-scores">
                {([1, 2, 3, 4] as const).map((n) => (
                  <label key={n} className="rubric-score" title={info.anchors[n - 1]}>
                    <input type="radio" name={`${id}-${c}`} checked={score === n} disabled={disabled} onChange={() => void send({ scores: { [c]: n } })} />
                    <span>{n}</span>
                    <span className="visually-hidden"> {SCORE_LABELS[n]}: {info.anchors[n - 1]}</span>
                  </label>
                ))}
              </div>
              <p className="anchor">{score ? `${score} · ${info.anchors[score - 1]}` : `A 4 looks like: ${info.anchors[3]}`}</p>
            </fieldset>
          )
        })}
      </div>
      {frozen && <p className="hint">The scorecard was shared; this review is final.</p>}
      {state.clock.status === 'idle' && <p className="hint">Start the clock when the candidate starts talking.</p>}
      {action.error && <p className="field-error" role="alert">{action.error}</p>}
    </section>
  )
}
