import { useState } from 'react'
import { useInterview } from '../InterviewContext.tsx'
import { ExportButtons, QuestionPicker } from './QuestionPicker.tsx'
import { QuestionDetails } from './QuestionDetails.tsx'
import { Markdown } from './Markdown.tsx'
import { currentAnswer } from '../behavioral/answers.ts'

/**
 * The question tab. The interviewer picks (and can change, until the round ends) and then reads
 * the full brief; candidates and observers read the statement, examples and constraints.
 */
export function QuestionPanel() {
  const { state, snap, role } = useInterview()
  const [changing, setChanging] = useState(false)
  if (role === 'interviewer') {
    const brief = snap.staff?.question ?? null
    if (!brief || changing) {
      return <QuestionPicker onPicked={() => setChanging(false)} onCancel={brief ? () => setChanging(false) : undefined} />
    }
    return (
      <div className="brief">
        <div className="preview-actions">
          {state.clock.status !== 'ended' && (
            <button className="button secondary small" type="button" onClick={() => setChanging(true)}>
              Change question
            </button>
          )}
          <ExportButtons id={brief.id} />
        </div>
        <QuestionDetails q={brief} />
      </div>
    )
  }
  if (!state.question) {
    return (
      <div className="empty-state">
        <h2 className="panel-heading">Problem</h2>
        <p className="muted">The interviewer hasn't picked a question yet. It will appear here.</p>
      </div>
    )
  }
  // In a behavioral round the question asked now may be a later one than the round's first.
  const asked = currentAnswer(state.behavioral?.answers ?? [])
  if (asked && asked.questionId !== state.question.id) {
    return (
      <article className="question" aria-label={asked.title}>
        <h2 className="q-title">{asked.title}</h2>
        <Markdown source={asked.statement} />
      </article>
    )
  }
  return <QuestionDetails q={state.question} />
}
