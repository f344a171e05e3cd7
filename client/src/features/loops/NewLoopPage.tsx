import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { LOOP_LIMITS, type CreateLoopResponse, type QuestionSummary } from '@nudge/shared'
import { Brand } from '../common/Brand.tsx'
import { ThemeToggle } from '../common/ThemeToggle.tsx'
import { CopyButton } from '../landing/CopyButton.tsx'
import { sameOriginHref } from '../../lib/route.ts'
import { createLoop, listQuestions } from './loopApi.ts'
import { StageEditor, TYPICAL, stageInputs, type StageDraft } from './StageEditor.tsx'
import './loops.css'

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

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const res = await createLoop({
        title: title.trim() || `${candidate.trim() || 'Practice'} loop`,
        target: target.trim(),
        candidate: candidate.trim(),
        stages: stageInputs(stages),
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
            <StageEditor idPrefix={id} stages={stages} setStages={setStages} questions={questions} />
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
