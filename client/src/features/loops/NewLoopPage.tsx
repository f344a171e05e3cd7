import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { LOOP_LIMITS, LOOP_STAGE_KINDS, LOOP_STAGE_LABEL, type CreateLoopResponse, type LoopStageKind, type QuestionSummary } from '@nudge/shared'
import { Brand } from '../common/Brand.tsx'
import { ThemeToggle } from '../common/ThemeToggle.tsx'
import { CopyButton } from '../landing/CopyButton.tsx'
import { sameOriginHref } from '../../lib/route.ts'
import { createLoop, listQuestions } from './loopApi.ts'
import './loops.css'

interface StageDraft {
  key: number
  kind: LoopStageKind
  questionId: string
  minutes: string
  deadlineDays: string
  interviewer: string
}

const questionKind = (k: LoopStageKind) => (k === 'behavioral' || k === 'system-design' ? k : 'coding')
let nextKey = 1
const draft = (kind: LoopStageKind, interviewer = ''): StageDraft => ({
  key: nextKey++, kind, questionId: '', minutes: '', deadlineDays: kind === 'take-home' ? '3' : '', interviewer,
})

/** The loop most companies run: a take-home, its review, a coding and a behavioral round. */
const TYPICAL = (): StageDraft[] => [draft('take-home'), draft('take-home-review'), draft('coding'), draft('behavioral')]

/**
 * Creating a loop: the stages in order, each with its question (or "pick later"), length and who
 * interviews. The answer is one link per person: the owner's (this page's author), the
 * candidate's, each interviewer's.
 */
export default function NewLoopPage() {
  const id = useId()
  const [title, setTitle] = useState('')
  const [target, setTarget] = useState('')
  const [candidate, setCandidate] = useState('')
  const [stages, setStages] = useState<StageDraft[]>(TYPICAL)
  const [questions, setQuestions] = useState<QuestionSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [created, setCreated] = useState<CreateLoopResponse | null>(null)

  useEffect(() => {
    listQuestions().then(setQuestions, (err: Error) => setError(`The question bank could not be loaded: ${err.message}`))
  }, [])

  const update = (key: number, patch: Partial<StageDraft>) => setStages((all) => all.map((s) => (s.key === key ? { ...s, ...patch } : s)))
  const move = (i: number, by: -1 | 1) => setStages((all) => {
    const next = [...all]
    const [s] = next.splice(i, 1)
    next.splice(i + by, 0, s!)
    return next
  })

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const res = await createLoop({
        title: title.trim() || `${candidate.trim() || 'Practice'} loop`,
        target: target.trim(),
        candidate: candidate.trim(),
        stages: stages.map((s) => ({
          kind: s.kind,
          questionId: s.questionId || null,
          ...(s.kind === 'take-home'
            ? { deadlineHours: Math.round(Number(s.deadlineDays) * 24) }
            : { interviewer: s.interviewer.trim(), ...(s.minutes ? { minutes: Number(s.minutes) } : {}) }),
        })),
      })
      setCreated(res)
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="page">
      <header className="topbar">
        <Brand />
        <span className="topbar-note">Rehearse a whole interview loop</span>
        <ThemeToggle />
      </header>
      <main className="loop-main" id="main">
        {created ? (
          <LoopLinks loop={created} />
        ) : (
          <form className="card loop-form" onSubmit={submit} aria-labelledby={`${id}-h`}>
            <h1 id={`${id}-h`}>New interview loop</h1>
            <p className="muted">
              A take-home, its review, then the live rounds, in order: the way companies run it. Each person gets one link;
              each stage opens when the one before it is done.
            </p>
            <div className="field-row">
              <div className="field">
                <label htmlFor={`${id}-candidate`}>Candidate</label>
                <input type="text" id={`${id}-candidate`} required maxLength={40} value={candidate} onChange={(e) => setCandidate(e.target.value)} placeholder="Who practises" />
              </div>
              <div className="field">
                <label htmlFor={`${id}-target`}>Company or role <span className="optional">(optional)</span></label>
                <input type="text" id={`${id}-target`} maxLength={LOOP_LIMITS.target} value={target} onChange={(e) => setTarget(e.target.value)} placeholder="Backend engineer at Acme" />
              </div>
            </div>
            <div className="field">
              <label htmlFor={`${id}-title`}>Title <span className="optional">(optional)</span></label>
              <input type="text" id={`${id}-title`} maxLength={LOOP_LIMITS.title} value={title} onChange={(e) => setTitle(e.target.value)} placeholder={`${candidate.trim() || 'Practice'} loop`} />
            </div>

            <h2>Stages</h2>
            <ol className="loop-stages-edit">
              {stages.map((s, i) => {
                const sid = `${id}-s${s.key}`
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
            {error && <p className="alert error" role="alert">{error}</p>}
            <button className="button primary wide" type="submit" disabled={busy || questions === null} aria-busy={busy}>
              {busy ? 'Creating…' : 'Create the loop'}
            </button>
          </form>
        )}
      </main>
    </div>
  )
}

function LoopLinks({ loop }: { loop: CreateLoopResponse }) {
  const id = useId()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const rows = [
    { who: 'Your owner link', name: 'owner', link: loop.owner, note: 'Every link of the loop, and closing it. Keep it to yourself.' },
    { who: `${loop.candidate.name} (candidate)`, name: 'candidate', link: loop.candidate.link, note: 'The take-home, each stage\'s room, and the results.' },
    ...loop.interviewers.map((i, n) => ({ who: `${i.name} (interviewer)`, name: `interviewer-${n}`, link: i.link, note: 'The stages they interview, the submitted take-home.' })),
  ]
  return (
    <section className="card loop-form" aria-labelledby={`${id}-h`} data-testid="loop-links">
      <h1 id={`${id}-h`} ref={heading} tabIndex={-1}>Loop ready</h1>
      <p className="muted">Send each person their own link; the secret in it decides what they see.</p>
      <ul className="invites">
        {rows.map((r) => (
          <li key={r.name} className="invite">
            <div className="invite-head">
              <label htmlFor={`${id}-${r.name}`} className="invite-role">{r.who}</label>
              <a className="link-action" href={sameOriginHref(r.link)} target="_blank" rel="noopener noreferrer">
                Open<span className="visually-hidden"> {r.who}'s loop page (opens in a new tab)</span>
              </a>
            </div>
            <p className="hint">{r.note}</p>
            <div className="invite-row">
              <input id={`${id}-${r.name}`} className="mono" type="text" readOnly value={r.link} onFocus={(e) => e.currentTarget.select()} />
              <CopyButton text={r.link} inputId={`${id}-${r.name}`} what={`${r.who} link`} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  )
}
