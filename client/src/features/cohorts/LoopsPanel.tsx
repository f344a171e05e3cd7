import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import { LOOP_LIMITS, LOOP_STAGE_LABEL, type CohortLoops, type QuestionSummary, type Student } from '@nudge/shared'
import { sameOriginHref } from '../../lib/route.ts'
import { listQuestions } from '../loops/loopApi.ts'
import { StageEditor, TYPICAL, stageInputs, type StageDraft } from '../loops/StageEditor.tsx'
import type { cohortApi } from './cohortApi.ts'

const STATUS_LABEL = { 'not-started': 'not started', 'in-progress': 'in progress', done: 'done' } as const

/**
 * Interview loops for the cohort: one plan (the same stage editor as /loops/new) assigned to every
 * student or the chosen ones, each student the candidate of their own loop; then every loop with
 * its stages' states and the organizer's own link to it (owner: every link, the packet).
 */
export function LoopsPanel({ api, students, ended }: { api: ReturnType<typeof cohortApi>; students: Student[]; ended: boolean }) {
  const id = useId()
  const [data, setData] = useState<CohortLoops | null>(null)
  const [questions, setQuestions] = useState<QuestionSummary[] | null>(null)
  const [planning, setPlanning] = useState(false)
  const [title, setTitle] = useState('')
  const [target, setTarget] = useState('')
  const [stages, setStages] = useState<StageDraft[]>(TYPICAL)
  const [chosen, setChosen] = useState<Set<string> | null>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)

  const reload = useCallback(async () => {
    try {
      setData(await api.loops())
    } catch (err) {
      setMessage({ text: (err as Error).message, error: true })
    }
  }, [api])
  useEffect(() => void reload(), [reload])
  useEffect(() => {
    if (planning && !questions) listQuestions().then(setQuestions, (err: Error) => setMessage({ text: `The question bank could not be loaded: ${err.message}`, error: true }))
  }, [planning, questions])

  const who = chosen ?? new Set(students.map((s) => s.id))
  const assign = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setMessage(null)
    try {
      const everyone = who.size === students.length
      const res = await api.assignLoops({
        plan: { title: title.trim() || 'Practice loop', target: target.trim(), stages: stageInputs(stages) },
        ...(everyone ? {} : { students: [...who] }),
      })
      setData({ loops: res.loops, remaining: res.remaining })
      setPlanning(false)
      setMessage({ text: `${res.created} loop${res.created === 1 ? '' : 's'} created: each student finds theirs on their personal link.`, error: false })
    } catch (err) {
      setMessage({ text: (err as Error).message, error: true })
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card cohort-panel" aria-labelledby={`${id}-h`} data-testid="cohort-loops">
      <div className="board-head">
        <h2 id={`${id}-h`}>Interview loops{data && data.loops.length > 0 ? ` (${data.loops.length})` : ''}</h2>
        <div className="cohort-actions">
          <button className="button ghost small" type="button" onClick={() => void reload()}>Refresh</button>
          {!planning && (
            <button className="button secondary" type="button" disabled={ended || students.length === 0} onClick={() => setPlanning(true)}>
              Assign a loop
            </button>
          )}
        </div>
      </div>
      {message && <p className={message.error ? 'error-text' : 'success-text'} role={message.error ? 'alert' : 'status'}>{message.text}</p>}
      {planning && (
        <form className="loop-form cohort-loop-plan" onSubmit={assign} aria-label="Loop plan">
          <p className="muted">
            One plan for every chosen student: each becomes the candidate of their own loop, with the interviewers named here.
            Stages open in order, as on a loop made by hand.
          </p>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-title`}>Title</label>
              <input type="text" id={`${id}-title`} maxLength={LOOP_LIMITS.title} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Practice loop" />
            </div>
            <div className="field">
              <label htmlFor={`${id}-target`}>Company or role <span className="optional">(optional)</span></label>
              <input type="text" id={`${id}-target`} maxLength={LOOP_LIMITS.target} value={target} onChange={(e) => setTarget(e.target.value)} placeholder="Backend engineer at Acme" />
            </div>
          </div>
          <StageEditor idPrefix={id} stages={stages} setStages={setStages} questions={questions} />
          <fieldset className="cohort-loop-students">
            <legend>Students ({who.size} of {students.length})</legend>
            {students.map((s) => (
              <label key={s.id} className="cohort-loop-student">
                <input type="checkbox" checked={who.has(s.id)} onChange={(e) => {
                  const next = new Set(who)
                  if (e.target.checked) next.add(s.id)
                  else next.delete(s.id)
                  setChosen(next)
                }} />
                {s.name}
              </label>
            ))}
          </fieldset>
          <div className="cohort-actions">
            <button className="button primary" type="submit" disabled={busy || questions === null || who.size === 0} aria-busy={busy}>
              {busy ? 'Creating loops…' : `Assign to ${who.size} student${who.size === 1 ? '' : 's'}`}
            </button>
            <button className="button ghost" type="button" onClick={() => setPlanning(false)}>Cancel</button>
          </div>
        </form>
      )}
      {data && data.loops.length > 0 && (
        <table className="cohort-table" aria-label="Each student's loop">
          <thead>
            <tr><th scope="col">Student</th><th scope="col">Loop</th><th scope="col">Stages</th><th scope="col">Packet</th></tr>
          </thead>
          <tbody>
            {data.loops.map((l) => (
              <tr key={l.loopId} data-testid="cohort-loop-row">
                <td>{l.student.name}</td>
                <td>{l.title}{l.closed && <span className="muted small"> · closed</span>}</td>
                <td>
                  <ol className="loop-chips">
                    {l.stages.map((s) => (
                      <li key={s.n} className={`loop-status status-${s.status}`} title={s.interviewer ? `Interviewer: ${s.interviewer}` : undefined}>
                        {LOOP_STAGE_LABEL[s.kind]}: {STATUS_LABEL[s.status]}
                      </li>
                    ))}
                  </ol>
                </td>
                <td>
                  <a className="link-action" href={sameOriginHref(l.ownerUrl)} target="_blank" rel="noopener noreferrer">
                    Open loop and packet<span className="visually-hidden"> of {l.student.name} (opens in a new tab)</span>
                  </a>
                  {l.packetSharedAt !== null && <span className="muted small"> · shared</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && data.loops.length === 0 && !planning && <p className="muted">No loops yet. A loop is a take-home, its review and live rounds, in order, for each student.</p>}
      {data && <p className="muted small">This cohort may still be assigned {data.remaining} loops.</p>}
    </section>
  )
}
