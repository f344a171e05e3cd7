import { useId } from 'react'
import type { Scorecard, SelfAssessment } from '@nudge/shared'
import { useInterview } from '../InterviewContext.tsx'
import { KIND_LABELS } from '../kinds.ts'
import { useAction } from '../useAction.ts'
import { RubricForm } from './RubricForm.tsx'

const time = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })

/** The interviewer's scorecard for the round, or the candidate's self-assessment. */
export function ScorecardPanel() {
  const { role } = useInterview()
  return role === 'interviewer' ? <InterviewerScorecard /> : <SelfAssessmentForm />
}

function InterviewerScorecard() {
  const id = useId()
  const { snap, state, client, live, openDebrief } = useInterview()
  const card = snap.staff?.scorecard ?? null
  const self = snap.staff?.selfAssessment ?? null
  const save = useAction()
  const share = useAction()
  const shared = card?.shared ?? false
  return (
    <section aria-labelledby={`${id}-h`} className="scorecard">
      <h2 id={`${id}-h`} className="panel-heading">Scorecard · round {state.round.n}</h2>
      <p className="hint">
        {KIND_LABELS[state.round.kind]} rubric. 1 needs work · 2 mixed · 3 good · 4 strong.
        {state.clock.status !== 'ended' && ' You can draft it during the round.'}
      </p>
      <CardStatus card={card} />
      <p className="small muted" data-testid="self-status">
        Candidate’s self-assessment: {self ? (self.submitted ? 'submitted' : 'draft in progress') : 'not started'}
      </p>
      <RubricForm
        key={`${state.round.n}-${state.round.kind}`}
        kind={state.round.kind}
        initial={card}
        summaryLabel="Overall summary"
        submitLabel="Submit scorecard"
        disabled={shared || !live}
        busy={save.busy}
        onSave={(v) => void save.run(() => client.saveScorecard(v))}
      />
      {save.error && <p className="field-error" role="alert">{save.error}</p>}
      {card?.submitted && !shared && (
        <div className="share-box">
          <p className="small">Sharing shows your scores and comments to the candidate (and observers) in the debrief. It can’t be undone.</p>
          <button
            className="button primary"
            type="button"
            disabled={share.busy || !live}
            onClick={() => void share.run(() => client.run('scorecard:share', {}))}
          >
            Share with candidate
          </button>
          {share.error && <p className="field-error" role="alert">{share.error}</p>}
        </div>
      )}
      {state.clock.status === 'ended' && (
        <button className="button link" type="button" onClick={() => openDebrief(state.round.n)}>
          Open the debrief to compare with the self-assessment
        </button>
      )}
    </section>
  )
}

function CardStatus({ card }: { card: Scorecard | SelfAssessment | null }) {
  let text = 'Not saved yet.'
  if (card) {
    if ('shared' in card && card.shared) text = `Submitted and shared with the candidate (${time(card.updatedAt)}).`
    else if (card.submitted) text = `Submitted ${time(card.updatedAt)}.`
    else text = `Draft saved ${time(card.updatedAt)}.`
  }
  return (
    <p className={`card-status ${card?.submitted ? 'done' : ''}`} role="status">
      {text}
    </p>
  )
}

function SelfAssessmentForm() {
  const id = useId()
  const { state, client, live, openDebrief } = useInterview()
  const self = state.selfAssessment
  const save = useAction()
  const ended = state.clock.status === 'ended'
  return (
    <section aria-labelledby={`${id}-h`} className="scorecard">
      <h2 id={`${id}-h`} className="panel-heading">Self-assessment · round {state.round.n}</h2>
      <p className="hint">
        Rate yourself on the same rubric your interviewer uses; the debrief puts both side by side.
        {!ended && ' It works best right after the round ends.'}
      </p>
      <CardStatus card={self} />
      <RubricForm
        key={`${state.round.n}-${state.round.kind}`}
        kind={state.round.kind}
        initial={self}
        summaryLabel="What went well, and what to practise next"
        submitLabel="Submit self-assessment"
        disabled={!live}
        busy={save.busy}
        onSave={(v) => void save.run(() => client.saveSelfAssessment(v))}
      />
      {save.error && <p className="field-error" role="alert">{save.error}</p>}
      {state.sharedScorecard && (
        <p className="alert info">
          Your interviewer shared their scorecard.{' '}
          <button className="button link" type="button" onClick={() => openDebrief(state.round.n)}>
            Read it in the debrief
          </button>
        </p>
      )}
    </section>
  )
}
