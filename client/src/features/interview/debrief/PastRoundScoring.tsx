import { useId, useState } from 'react'
import type { Debrief } from '@nudge/shared'
import type { InterviewClient } from '../../../realtime/interviewClient.ts'
import { RubricForm, type Entries } from '../scorecards/RubricForm.tsx'
import { useAction } from '../useAction.ts'

/**
 * Scoring a round that is no longer the current one (after a role swap the sidebar shows the new
 * round): its interviewer can still write, submit and share the scorecard, its candidate the
 * self-assessment. The server checks the seat each held in that round.
 */
export function PastRoundScoring({ d, client, onSaved }: { d: Debrief; client: InterviewClient; onSaved: () => void }) {
  const id = useId()
  const [open, setOpen] = useState(false)
  const save = useAction()
  const share = useAction()
  const staff = d.viewer === 'interviewer'
  if (d.viewer === 'observer') return null
  const shared = d.scores.scorecard?.shared ?? false
  if (staff && shared) return null
  const own = staff ? d.scores.scorecard : d.scores.selfAssessment
  const initial = {
    entries: Object.fromEntries(
      d.scores.rows.map((r) => [r.criterion, staff ? { score: r.score, comment: r.comment } : { score: r.selfScore, comment: r.selfComment }]),
    ) as Entries,
    summary: own?.summary ?? '',
  }
  const what = staff ? 'scorecard' : 'self-assessment'
  return (
    <div className="past-scoring">
      <button className="button secondary" type="button" aria-expanded={open} aria-controls={`${id}-f`} onClick={() => setOpen((o) => !o)}>
        {open ? `Close the ${what}` : own ? `Edit your ${what}` : `Write your ${what}`}
      </button>
      {staff && d.scores.scorecard?.submitted && (
        <button
          className="button primary"
          type="button"
          disabled={share.busy}
          onClick={() => void share.run(() => client.run('scorecard:share', { round: d.round.n })).then((r) => r && onSaved())}
        >
          Share with candidate
        </button>
      )}
      {share.error && <p className="field-error" role="alert">{share.error}</p>}
      {open && (
        <div id={`${id}-f`} className="past-scoring-form">
          <RubricForm
            kind={d.round.kind}
            initial={initial}
            summaryLabel={staff ? 'Overall summary' : 'What went well, and what to practise next'}
            submitLabel={staff ? 'Submit scorecard' : 'Submit self-assessment'}
            busy={save.busy}
            onSave={(v) =>
              void save
                .run(() => client.run(staff ? 'scorecard:save' : 'selfassessment:save', { round: d.round.n, ...v }))
                .then((r) => r && onSaved())
            }
          />
          {save.error && <p className="field-error" role="alert">{save.error}</p>}
        </div>
      )}
    </div>
  )
}
