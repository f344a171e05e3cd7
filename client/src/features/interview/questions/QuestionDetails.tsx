import { DIFFICULTIES, competency, type CandidateQuestionView, type InterviewerQuestionView } from '@nudge/shared'
import { KIND_LABELS } from '../kinds.ts'
import { InlineMarkdown, Markdown } from './Markdown.tsx'

type View = CandidateQuestionView | InterviewerQuestionView

const isInterviewerView = (q: View): q is InterviewerQuestionView => 'hints' in q

export function QuestionMeta({ q }: { q: Pick<View, 'kind' | 'difficulty' | 'tags'> & { durationMinutes?: number } }) {
  return (
    <p className="q-meta">
      <span className={`kind-badge kind-${q.kind}`}>{KIND_LABELS[q.kind]}</span>
      <span className={`difficulty d-${q.difficulty}`}>
        <span aria-hidden="true" className="difficulty-dots">
          {DIFFICULTIES.map((d, i) => (
            <span key={d} className={i <= DIFFICULTIES.indexOf(q.difficulty) ? 'on' : ''} />
          ))}
        </span>
        {q.difficulty}
      </span>
      {q.durationMinutes !== undefined && <span className="q-duration">{q.durationMinutes} min</span>}
      {q.tags.map((t) => (
        <span key={t} className="tag">
          {t}
        </span>
      ))}
    </p>
  )
}

/**
 * A question as its reader may see it. Candidates and observers get the statement, examples and
 * constraints; the interviewer's view adds the hint ladder, the solution outline and the rubric.
 */
export function QuestionDetails({ q, headingLevel = 2 }: { q: View; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3'
  const Sub = headingLevel === 2 ? 'h3' : 'h4'
  return (
    <article className="question" aria-label={q.title}>
      <H className="q-title">{q.title}</H>
      <QuestionMeta q={q} />
      <Markdown source={q.statement} className="md q-statement" />
      {q.kind === 'coding' && (
        <>
          {q.functionName && (
            <p className="small muted">
              Write <code>{q.functionName}</code> in the editor.
            </p>
          )}
          {q.examples.length > 0 && (
            <section className="q-section">
              <Sub>Examples</Sub>
              <ol className="examples">
                {q.examples.map((ex, i) => (
                  <li key={i} className="example">
                    <dl>
                      <dt>Input</dt>
                      <dd><code>{ex.input}</code></dd>
                      <dt>Output</dt>
                      <dd><code>{ex.output}</code></dd>
                      {ex.explanation && (
                        <>
                          <dt>Why</dt>
                          <dd><InlineMarkdown source={ex.explanation} /></dd>
                        </>
                      )}
                    </dl>
                  </li>
                ))}
              </ol>
            </section>
          )}
          {q.constraints.length > 0 && (
            <section className="q-section">
              <Sub>Constraints</Sub>
              <ul className="constraints">
                {q.constraints.map((c, i) => (
                  <li key={i}><InlineMarkdown source={c} /></li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
      {isInterviewerView(q) && <InterviewerExtras q={q} Sub={Sub} />}
    </article>
  )
}

function InterviewerExtras({ q, Sub }: { q: InterviewerQuestionView; Sub: 'h3' | 'h4' }) {
  return (
    <div className="interviewer-only">
      <p className="private-note">
        <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <rect x="3" y="7" width="10" height="7" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M5.5 7V5a2.5 2.5 0 015 0v2" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
        Only you see what follows.
      </p>
      {q.hints.length > 0 && (
        <section className="q-section">
          <Sub>Hint ladder</Sub>
          <ol className="ladder-preview">
            {q.hints.map((h, i) => (
              <li key={i}>
                {h.title && <strong>{h.title}: </strong>}
                <InlineMarkdown source={h.text} />
              </li>
            ))}
          </ol>
        </section>
      )}
      {q.kind === 'coding' && (
        <>
          {q.solution && (
            <details className="q-section solution">
              <summary>Solution outline</summary>
              <Markdown source={q.solution} />
            </details>
          )}
          {q.tests.length > 0 && <p className="small muted">{q.tests.length} test cases come with this question.</p>}
        </>
      )}
      {q.kind === 'behavioral' && (
        <>
          <ListSection title="Competencies" items={q.competencies.map((c) => competency(c).label)} Sub={Sub} />
          <ListSection title="Follow-up questions" items={q.followUps} Sub={Sub} />
          <ListSection title="A strong answer" items={q.strongAnswer} Sub={Sub} />
        </>
      )}
      {q.kind === 'system-design' && q.checkpoints.length > 0 && (
        <section className="q-section">
          <Sub>Checkpoints</Sub>
          <ol className="checkpoints">
            {q.checkpoints.map((c, i) => (
              <li key={i}>
                <strong>{c.title}</strong>
                <ul>
                  {c.prompts.map((p, j) => (
                    <li key={j}><InlineMarkdown source={p} /></li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  )
}

function ListSection({ title, items, Sub }: { title: string; items: string[]; Sub: 'h3' | 'h4' }) {
  if (items.length === 0) return null
  return (
    <section className="q-section">
      <Sub>{title}</Sub>
      <ul>
        {items.map((t, i) => (
          <li key={i}><InlineMarkdown source={t} /></li>
        ))}
      </ul>
    </section>
  )
}
