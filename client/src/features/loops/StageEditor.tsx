import { type Dispatch, type SetStateAction } from 'react'
import { LOOP_LIMITS, LOOP_STAGE_KINDS, LOOP_STAGE_LABEL, type LoopStageInput, type LoopStageKind, type QuestionSummary } from '@nudge/shared'
import './loops.css'

/**
 * The stages of a loop being planned, in order: kind, question (or "pick later"), length, who
 * interviews, a take-home's deadline. One editor for /loops/new and a cohort's loop plan; the
 * server checks the plan with the same schema (CreateLoopBody) either way.
 */
export interface StageDraft {
  key: number
  kind: LoopStageKind
  questionId: string
  minutes: string
  deadlineDays: string
  interviewer: string
}

const questionKind = (k: LoopStageKind) => (k === 'behavioral' || k === 'system-design' ? k : 'coding')
let nextKey = 1
export const draft = (kind: LoopStageKind, interviewer = ''): StageDraft => ({
  key: nextKey++, kind, questionId: '', minutes: '', deadlineDays: kind === 'take-home' ? '3' : '', interviewer,
})

/** The loop most companies run: a take-home, its review, a coding and a behavioral round. */
export const TYPICAL = (): StageDraft[] => [draft('take-home'), draft('take-home-review'), draft('coding'), draft('behavioral')]

/** The drafts as the API's stage inputs. */
export function stageInputs(stages: StageDraft[]): LoopStageInput[] {
  return stages.map((s) => ({
    kind: s.kind,
    questionId: s.questionId || null,
    ...(s.kind === 'take-home'
      ? { deadlineHours: Math.round(Number(s.deadlineDays) * 24) }
      : { interviewer: s.interviewer.trim(), ...(s.minutes ? { minutes: Number(s.minutes) } : {}) }),
  }))
}

export function StageEditor({ idPrefix, stages, setStages, questions }: {
  idPrefix: string
  stages: StageDraft[]
  setStages: Dispatch<SetStateAction<StageDraft[]>>
  questions: QuestionSummary[] | null
}) {
  const update = (key: number, patch: Partial<StageDraft>) => setStages((all) => all.map((s) => (s.key === key ? { ...s, ...patch } : s)))
  const move = (i: number, by: -1 | 1) => setStages((all) => {
    const next = [...all]
    const [s] = next.splice(i, 1)
    next.splice(i + by, 0, s!)
    return next
  })
  return (
    <>
      <ol className="loop-stages-edit">
        {stages.map((s, i) => {
          const sid = `${idPrefix}-s${s.key}`
          const choices = (questions ?? []).filter((q) => q.kind === questionKind(s.kind))
          return (
            <li key={s.key} className="loop-stage-edit" data-testid="loop-stage-edit">
              <div className="loop-stage-head">
                <span className="loop-stage-n">Stage {i + 1}</span>
                <button type="button" className="button small ghost" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move stage ${i + 1} up`}>↑</button>
                <button type="button" className="button small ghost" disabled={i === stages.length - 1} onClick={() => move(i, 1)} aria-label={`Move stage ${i + 1} down`}>↓</button>
                <button type="button" className="button small ghost" disabled={stages.length === 1} onClick={() => setStages((all) => all.filter((x) => x.key !== s.key))} aria-label={`Remove stage ${i + 1}`}>Remove</button>
              </div>
              <div className="field-row">
                <div className="field compact">
                  <label htmlFor={`${sid}-kind`}>Kind</label>
                  <select id={`${sid}-kind`} value={s.kind} onChange={(e) => {
                    const kind = e.target.value as LoopStageKind
                    update(s.key, { kind, questionId: '', deadlineDays: kind === 'take-home' ? '3' : '' })
                  }}>
                    {LOOP_STAGE_KINDS.map((k) => <option key={k} value={k}>{LOOP_STAGE_LABEL[k]}</option>)}
                  </select>
                </div>
                {s.kind !== 'take-home-review' && (
                  <div className="field compact">
                    <label htmlFor={`${sid}-q`}>{s.kind === 'take-home' ? 'Assignment' : 'Question'}</label>
                    <select id={`${sid}-q`} value={s.questionId} required={s.kind === 'take-home'} onChange={(e) => update(s.key, { questionId: e.target.value })}>
                      <option value="">{s.kind === 'take-home' ? 'Choose one…' : 'Pick later in the room'}</option>
                      {choices.map((q) => <option key={q.id} value={q.id}>{q.title} ({q.difficulty})</option>)}
                    </select>
                  </div>
                )}
                {s.kind === 'take-home' ? (
                  <div className="field compact">
                    <label htmlFor={`${sid}-days`}>Due in (days)</label>
                    <input id={`${sid}-days`} type="number" min={0.5} max={LOOP_LIMITS.deadlineHoursMax / 24} step={0.5} required value={s.deadlineDays} onChange={(e) => update(s.key, { deadlineDays: e.target.value })} />
                  </div>
                ) : (
                  <>
                    <div className="field compact">
                      <label htmlFor={`${sid}-who`}>Interviewer</label>
                      <input type="text" id={`${sid}-who`} required maxLength={40} value={s.interviewer} onChange={(e) => update(s.key, { interviewer: e.target.value })} placeholder="A friend or mentor" />
                    </div>
                    <div className="field compact">
                      <label htmlFor={`${sid}-min`}>Minutes <span className="optional">(optional)</span></label>
                      <input id={`${sid}-min`} type="number" min={5} max={240} value={s.minutes} onChange={(e) => update(s.key, { minutes: e.target.value })} placeholder="As the question says" />
                    </div>
                  </>
                )}
              </div>
              {s.kind === 'take-home-review' && <p className="hint">The interviewer walks through the submitted take-home with the candidate; its room starts from the submitted code.</p>}
            </li>
          )
        })}
      </ol>
      <button type="button" className="button ghost" disabled={stages.length >= LOOP_LIMITS.stages} onClick={() => setStages((all) => [...all, draft('coding')])}>
        Add a stage
      </button>
    </>
  )
}
