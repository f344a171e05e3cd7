import { STORY_FIELDS, FIELD_LABELS } from '@nudge/shared'
import { useInterview } from '../InterviewContext.tsx'

/** Stories the candidate chose to share: title, tags and the full text, for everyone. */
export function SharedStories() {
  const { state } = useInterview()
  const shared = state.behavioral?.shared ?? []
  if (shared.length === 0) return null
  return (
    <section className="stage-card" aria-labelledby="ss-h">
      <h3 id="ss-h">Shared stories <span className="count">{shared.length}</span></h3>
      {shared.map((s) => (
        <article key={s.id} className="shared-story" aria-label={s.title}>
          <h4>{s.title}</h4>
          {s.tags.length > 0 && <p className="muted small">{s.tags.join(' · ')}</p>}
          <dl>
            {STORY_FIELDS.filter((f) => s.text[f]).map((f) => (
              <div key={f}>
                <dt>{FIELD_LABELS[f]}</dt>
                <dd>{s.text[f]}</dd>
              </div>
            ))}
          </dl>
        </article>
      ))}
    </section>
  )
}
