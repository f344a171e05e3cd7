import { useId } from 'react'
import { competency } from '@nudge/shared'
import { FIELD_LABELS, STORY_FIELDS, type Bank, type Story, type StoryField } from './model.ts'
import { toggleLink, valuesOf } from './coverage.ts'
import { fieldStatus, starCompleteness } from './star.ts'

const PROMPTS: Record<StoryField, string> = {
  situation: 'Where and when; what was at stake. Keep it short.',
  task: 'What was yours to do — your responsibility, not the team’s.',
  action: 'What you did, step by step, with “I”. The longest part.',
  result: 'What changed, with a number if you can.',
  learning: 'What you do differently since.',
}

/** One story: STAR + Learning with word counts, competency tags and the company values it backs. */
export function StoryEditor({ bank, story, onChange }: { bank: Bank; story: Story; onChange(next: Bank): void }) {
  const id = useId()
  const set = (patch: Partial<Story>) =>
    onChange({ ...bank, stories: bank.stories.map((s) => (s.id === story.id ? { ...s, ...patch, updatedAt: Date.now() } : s)) })
  const toggleTag = (tag: string) => set({ tags: story.tags.includes(tag) ? story.tags.filter((t) => t !== tag) : [...story.tags, tag] })
  const complete = starCompleteness(story)
  return (
    <form className="story-editor" aria-label={`Story: ${story.title}`} onSubmit={(e) => e.preventDefault()}>
      <label htmlFor={`${id}-title`}>Story title</label>
      <input id={`${id}-title`} value={story.title} maxLength={120} onChange={(e) => set({ title: e.target.value })} />
      <p className="hint">STAR: {complete.filled} of 4 written{complete.complete ? ' ✓' : ''}</p>
      {STORY_FIELDS.map((f) => {
        const st = fieldStatus(f, story[f])
        return (
          <div key={f} className="story-field">
            <div className="story-field-head">
              <label htmlFor={`${id}-${f}`}>{FIELD_LABELS[f]}</label>
              <span className={`word-count wc-${st.status}`} id={`${id}-${f}-wc`}>
                {st.words} words · aim for {st.min}–{st.max}
              </span>
            </div>
            <textarea
              id={`${id}-${f}`}
              rows={f === 'action' ? 6 : 3}
              value={story[f]}
              maxLength={3000}
              placeholder={PROMPTS[f]}
              aria-describedby={`${id}-${f}-wc`}
              onChange={(e) => set({ [f]: e.target.value })}
            />
          </div>
        )
      })}
      <fieldset className="story-tags">
        <legend>Competencies</legend>
        {bank.competencies.map((t) => (
          <label key={t} className="chip-check">
            <input type="checkbox" checked={story.tags.includes(t)} onChange={() => toggleTag(t)} />
            {competency(t).label}
          </label>
        ))}
      </fieldset>
      {bank.companies.map((c) => (
        <fieldset key={c.id} className="story-tags">
          <legend>Values of {c.name} it backs</legend>
          {c.values.length === 0 && <span className="muted small">No values yet.</span>}
          {c.values.map((v) => (
            <label key={v} className="chip-check">
              <input
                type="checkbox"
                checked={valuesOf(c, story.id).includes(v)}
                onChange={() => onChange({ ...bank, companies: bank.companies.map((x) => (x.id === c.id ? toggleLink(x, v, story.id) : x)) })}
              />
              {v}
            </label>
          ))}
        </fieldset>
      ))}
      <div className="form-actions left">
        <button
          className="button danger-ghost small"
          type="button"
          onClick={() => {
            if (!window.confirm(`Delete “${story.title}”?`)) return
            onChange({ ...bank, stories: bank.stories.filter((s) => s.id !== story.id) })
          }}
        >
          Delete story
        </button>
      </div>
    </form>
  )
}
