import { Suspense, lazy, useEffect, useState, type ReactNode } from 'react'
import type { AnswerView } from '@nudge/shared'
import { formatElapsed } from '../../../lib/duration.ts'
import { useInterview } from '../InterviewContext.tsx'
import { Markdown } from '../questions/Markdown.tsx'
import { ANSWER_TARGET_MS, answerTimes, currentAnswer } from './answers.ts'
import { AskControls } from './AskControls.tsx'
import { AnswerReviewPanel } from './AnswerReviewPanel.tsx'
import { BroughtStories } from './BroughtStories.tsx'
import { SharedStories } from './SharedStories.tsx'
import './behavioral.css'

// The candidate's bank lives in IndexedDB; its code loads only when a candidate opens it.
const CandidatePanel = lazy(() => import('./CandidatePanel.tsx'))

/** Server time, ticking every second while something is being timed. */
function useTick(active: boolean, offsetMs: number): number {
  const [now, setNow] = useState(() => Date.now() + offsetMs)
  useEffect(() => {
    setNow(Date.now() + offsetMs)
    if (!active) return
    const t = window.setInterval(() => setNow(Date.now() + offsetMs), 1000)
    return () => window.clearInterval(t)
  }, [active, offsetMs])
  return now
}

/**
 * A behavioral round in place of the code editor: the question asked, large; the answer clock
 * (answer and follow-up time); for the interviewer the live review; for the candidate their
 * story bank. The shared editor is one click away as a scratchpad.
 */
export function BehavioralStage({ scratchpad }: { scratchpad: ReactNode }) {
  const { state, role, snap } = useInterview()
  const [showPad, setShowPad] = useState(false)
  const answers = state.behavioral?.answers ?? []
  const current = currentAnswer(answers)
  const now = useTick(current !== null && current.endedAt === null, snap.offsetMs)
  const statement = current?.statement ?? state.question?.statement ?? null
  const title = current?.title ?? state.question?.title ?? null
  return (
    <main className="editor-pane behavioral-stage" id="main" aria-label="Behavioral round">
      <section className="stage-question" aria-labelledby="stage-q">
        <p className="stage-kicker">{current ? `Question ${answers.indexOf(current) + 1}` : 'Behavioral round'}</p>
        <h2 id="stage-q">{title ?? (role === 'interviewer' ? 'Pick a question to begin' : 'Waiting for the first question')}</h2>
        {statement && <div className="stage-statement"><Markdown source={statement} /></div>}
        {current && <AnswerClock answer={current} now={now} />}
        {role === 'interviewer' && <AskControls current={current} />}
      </section>
      <div className="stage-panels">
        {role === 'interviewer' && current && <AnswerReviewPanel answer={current} />}
        {role === 'interviewer' && <BroughtStories current={current} />}
        {role === 'candidate' && (
          <Suspense fallback={<p className="muted">Loading your story bank…</p>}>
            <CandidatePanel answers={answers} />
          </Suspense>
        )}
        <SharedStories />
        {answers.length > 1 && <AnswerHistory answers={answers} now={now} />}
      </div>
      <div className="scratchpad">
        <button type="button" className="button ghost small" aria-expanded={showPad} onClick={() => setShowPad((v) => !v)}>
          {showPad ? 'Hide the shared scratchpad' : 'Open the shared scratchpad'}
        </button>
        {showPad && <div className="scratchpad-frame">{scratchpad}</div>}
      </div>
    </main>
  )
}

function AnswerClock({ answer, now }: { answer: AnswerView; now: number }) {
  const t = answerTimes(answer, now)
  const over = (ms: number, target: number) => (ms > target ? ' over-target' : '')
  return (
    <dl className="answer-clock" data-testid="answer-clock">
      <div className={`ac-item${t.phase === 'answer' ? ' live' : ''}${over(t.answerMs, ANSWER_TARGET_MS.answer)}`}>
        <dt>Answer</dt>
        <dd className="mono">{formatElapsed(t.answerMs)}</dd>
      </div>
      <div className={`ac-item${t.phase === 'follow-up' ? ' live' : ''}${over(t.followUpMs, ANSWER_TARGET_MS.followUp)}`}>
        <dt>Follow-ups</dt>
        <dd className="mono">{formatElapsed(t.followUpMs)}</dd>
      </div>
      <div className="ac-item">
        <dt>Now</dt>
        <dd>{t.phase === 'ended' ? 'Answer ended' : t.phase === 'follow-up' ? 'Follow-up questions' : 'Main answer (aim for ~2½ min)'}</dd>
      </div>
    </dl>
  )
}

function AnswerHistory({ answers, now }: { answers: AnswerView[]; now: number }) {
  return (
    <section className="stage-card" aria-labelledby="ah-h">
      <h3 id="ah-h">Questions so far</h3>
      <ol className="answer-history">
        {answers.map((a) => {
          const t = answerTimes(a, now)
          return (
            <li key={a.id}>
              <span>{a.title}</span>
              <span className="muted small mono"> {formatElapsed(t.answerMs)} + {formatElapsed(t.followUpMs)}</span>
            </li>
          )
        })}
      </ol>
    </section>
  )
}
