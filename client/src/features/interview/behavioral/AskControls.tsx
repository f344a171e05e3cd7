import { useEffect, useId, useState } from 'react'
import type { AnswerView, QuestionSummary } from '@nudge/shared'
import { useInterview } from '../InterviewContext.tsx'
import { fetchQuestionBank } from '../questions/api.ts'
import { useAction } from '../useAction.ts'
import { valueQuestion } from './answers.ts'

/**
 * The interviewer's flow through a behavioral round: ask the round's question (or another one,
 * including one built from a value the candidate brought), move to follow-ups, end the answer.
 */
export function AskControls({ current }: { current: AnswerView | null }) {
  const id = useId()
  const { state, snap, client, live } = useInterview()
  const action = useAction()
  const [bank, setBank] = useState<QuestionSummary[]>([])
  const [next, setNext] = useState('')
  useEffect(() => {
    fetchQuestionBank().then((qs) => setBank(qs.filter((q) => q.kind === 'behavioral')), () => setBank([]))
  }, [])
  const asked = new Set((state.behavioral?.answers ?? []).map((a) => a.questionId))
  const custom = (snap.staff?.customQuestions ?? []).filter((q) => q.kind === 'behavioral')
  const options = [...custom, ...bank].filter((q) => !asked.has(q.id))
  const roundQ = state.question && !asked.has(state.question.id) ? state.question : null
  const company = state.behavioral?.bank?.company ?? null
  const open = current && current.endedAt === null ? current : null
  const ended = state.clock.status === 'ended'
  const start = (questionId: string) => action.run(() => client.run('answer:start', { questionId }))
  const advance = (to: 'follow-up' | 'end') => open && action.run(() => client.run('answer:advance', { answerId: open.id, to }))
  async function askValue(value: string) {
    const q = await action.run(() => client.run('question:create', { question: valueQuestion(value, company?.name ?? null) }))
    if (q) await start(q.id)
  }
  if (ended) return null
  return (
    <div className="ask-controls" role="group" aria-label="Questions">
      {roundQ && (
        <button type="button" className="button primary" disabled={!live || action.busy} onClick={() => void start(roundQ.id)}>
          Ask “{roundQ.title}”
        </button>
      )}
      {open && open.followUpAt === null && (
        <button type="button" className="button secondary" disabled={!live || action.busy} onClick={() => void advance('follow-up')}>
          Move to follow-ups
        </button>
      )}
      {open && (
        <button type="button" className="button secondary" disabled={!live || action.busy} onClick={() => void advance('end')}>
          End this answer
        </button>
      )}
      <form
        className="ask-next"
        onSubmit={(e) => {
          e.preventDefault()
          if (next) void start(next).then(() => setNext(''))
        }}
      >
        <label htmlFor={`${id}-next`}>Next question</label>
        <select id={`${id}-next`} value={next} onChange={(e) => setNext(e.target.value)}>
          <option value="">Choose a behavioral question…</option>
          {options.map((q) => (
            <option key={q.id} value={q.id}>{q.title}</option>
          ))}
        </select>
        <button type="submit" className="button secondary small" disabled={!live || action.busy || !next}>Ask</button>
      </form>
      {company && company.values.length > 0 && (
        <div className="ask-values">
          <span className="muted small">From {company.name}’s values:</span>
          {company.values.map((v) => (
            <button key={v} type="button" className="chip" disabled={!live || action.busy} onClick={() => void askValue(v)}>
              Ask about “{v}”
            </button>
          ))}
        </div>
      )}
      {action.error && <p className="field-error" role="alert">{action.error}</p>}
    </div>
  )
}
