import type { AnswerView } from '@nudge/shared'
import { useInterview } from '../InterviewContext.tsx'

/** For the interviewer: the titles and tags the candidate brought (never text), to pick follow-ups. */
export function BroughtStories({ current }: { current: AnswerView | null }) {
  const { state } = useInterview()
  const bank = state.behavioral?.bank
  if (!bank) return null
  return (
    <section className="stage-card" aria-labelledby="bs-h">
      <h3 id="bs-h">The candidate’s stories <span className="count">{bank.stories.length}</span></h3>
      <p className="hint">Titles and tags only; the text stays with the candidate unless they share it.</p>
      <ul className="brought-list">
        {bank.stories.map((s) => (
          <li key={s.id} aria-current={current?.self?.storyId === s.id ? 'true' : undefined}>
            <strong>{s.title}</strong>
            {current?.self?.storyId === s.id && <span className="tag">telling now</span>}
            <span className="muted small"> {[...s.tags, ...s.values].join(' · ')}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
