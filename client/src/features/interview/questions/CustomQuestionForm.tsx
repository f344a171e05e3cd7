import { useId, useState, type FormEvent } from 'react'
import {
  DIFFICULTIES, LANGUAGE_LABELS, QUESTION_KINDS, QUESTION_LIMITS, type Difficulty, type QuestionKind, type QuestionSummary,
} from '@nudge/shared'
import { useInterview } from '../InterviewContext.tsx'
import { KIND_LABELS } from '../kinds.ts'
import { useAction } from '../useAction.ts'
import { Markdown } from './Markdown.tsx'

interface HintDraft {
  key: number
  title: string
  text: string
}

let hintKey = 1

/** A question written for this room, with its own hint ladder (and starter code for coding). */
export function CustomQuestionForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (q: QuestionSummary) => void }) {
  const id = useId()
  const { client, language } = useInterview()
  const action = useAction()
  const [title, setTitle] = useState('')
  const [kind, setKind] = useState<QuestionKind>('coding')
  const [difficulty, setDifficulty] = useState<Difficulty>('medium')
  const [minutes, setMinutes] = useState('45')
  const [statement, setStatement] = useState('')
  const [preview, setPreview] = useState(false)
  const [starter, setStarter] = useState('')
  const [hints, setHints] = useState<HintDraft[]>([{ key: hintKey++, title: '', text: '' }])

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (!title.trim() || !statement.trim()) return action.setError('A custom question needs a title and a statement.')
    const ladder = hints.filter((h) => h.text.trim()).map((h) => ({ ...(h.title.trim() ? { title: h.title.trim() } : {}), text: h.text.trim() }))
    const mins = Number(minutes)
    const created = await action.run(() =>
      client.run('question:create', {
        question: {
          title: title.trim(),
          kind,
          difficulty,
          statement: statement.trim(),
          ...(ladder.length ? { hints: ladder } : {}),
          ...(Number.isInteger(mins) && mins >= 1 && mins <= 180 ? { durationMinutes: mins } : {}),
          ...(kind === 'coding' && starter.trim() && language ? { starter: { [language]: starter } } : {}),
        },
      }),
    )
    if (created) onCreated(created)
  }

  return (
    <form className="custom-form" onSubmit={submit} aria-labelledby={`${id}-h`} noValidate>
      <div className="panel-head">
        <h2 id={`${id}-h`} className="panel-heading">Write a custom question</h2>
        <button className="button link" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <div className="field">
        <label htmlFor={`${id}-t`}>Title</label>
        <input id={`${id}-t`} type="text" value={title} maxLength={120} required onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field-row">
        <div className="field compact">
          <label htmlFor={`${id}-k`}>Kind</label>
          <select id={`${id}-k`} value={kind} onChange={(e) => setKind(e.target.value as QuestionKind)}>
            {QUESTION_KINDS.map((k) => (
              <option key={k} value={k}>{KIND_LABELS[k]}</option>
            ))}
          </select>
        </div>
        <div className="field compact">
          <label htmlFor={`${id}-d`}>Difficulty</label>
          <select id={`${id}-d`} value={difficulty} onChange={(e) => setDifficulty(e.target.value as Difficulty)}>
            {DIFFICULTIES.map((d) => (
              <option key={d} value={d}>{d}</option>
            ))}
          </select>
        </div>
        <div className="field compact">
          <label htmlFor={`${id}-m`}>Minutes</label>
          <input id={`${id}-m`} type="number" min={1} max={180} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </div>
      </div>
      <div className="field">
        <div className="label-row">
          <label htmlFor={`${id}-s`}>Statement</label>
          <button className="button link small-link" type="button" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>
            {preview ? 'Edit' : 'Preview'}
          </button>
        </div>
        {preview ? (
          <div className="md-preview" aria-label="Statement preview">
            <Markdown source={statement || '_Nothing written yet._'} />
          </div>
        ) : (
          <textarea
            id={`${id}-s`}
            rows={7}
            value={statement}
            maxLength={QUESTION_LIMITS.statement}
            aria-describedby={`${id}-s-h`}
            onChange={(e) => setStatement(e.target.value)}
          />
        )}
        <p id={`${id}-s-h`} className="hint">
          Markdown: <code>`code`</code>, <code>**bold**</code>, lists, <code>```</code> code blocks. The candidate sees this when you pick it.
        </p>
      </div>
      {kind === 'coding' && language && (
        <div className="field">
          <label htmlFor={`${id}-c`}>
            Starter code ({LANGUAGE_LABELS[language]}) <span className="optional">(optional)</span>
          </label>
          <textarea id={`${id}-c`} className="mono" rows={4} value={starter} onChange={(e) => setStarter(e.target.value)} spellCheck={false} />
        </div>
      )}
      <fieldset className="hint-drafts">
        <legend>Hint ladder <span className="optional">(from a gentle nudge to the approach; up to {QUESTION_LIMITS.hints})</span></legend>
        <ol>
          {hints.map((h, i) => (
            <li key={h.key} className="hint-draft">
              <input
                type="text"
                aria-label={`Hint ${i + 1} title (optional)`}
                placeholder={`Hint ${i + 1} title (optional)`}
                value={h.title}
                maxLength={80}
                onChange={(e) => setHints((hs) => hs.map((x) => (x.key === h.key ? { ...x, title: e.target.value } : x)))}
              />
              <textarea
                aria-label={`Hint ${i + 1} text`}
                rows={2}
                value={h.text}
                maxLength={QUESTION_LIMITS.text}
                onChange={(e) => setHints((hs) => hs.map((x) => (x.key === h.key ? { ...x, text: e.target.value } : x)))}
              />
              <button
                className="icon-button"
                type="button"
                aria-label={`Remove hint ${i + 1}`}
                onClick={() => setHints((hs) => hs.filter((x) => x.key !== h.key))}
              >
                ✕
              </button>
            </li>
          ))}
        </ol>
        <button
          className="button ghost small"
          type="button"
          disabled={hints.length >= QUESTION_LIMITS.hints}
          onClick={() => setHints((hs) => [...hs, { key: hintKey++, title: '', text: '' }])}
        >
          Add hint
        </button>
      </fieldset>
      {action.error && <p className="field-error" role="alert">{action.error}</p>}
      <div className="form-actions">
        <span className="spacer" />
        <button className="button primary" type="submit" disabled={action.busy}>
          Save question
        </button>
      </div>
    </form>
  )
}
