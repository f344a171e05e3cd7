import { useId, useState, type FormEvent } from 'react'
import { RUBRICS, SCORE_LABELS, type QuestionKind, type RubricEntry } from '@nudge/shared'

export type Entries = Record<string, RubricEntry>

export interface RubricFormProps {
  kind: QuestionKind
  initial: { entries: Entries; summary: string } | null
  summaryLabel: string
  submitLabel: string
  disabled?: boolean
  busy?: boolean
  onSave(value: { entries: Entries; summary: string; submit: boolean }): void
}

const SCORES = [1, 2, 3, 4] as const

/** Missing scores, by label; submitting needs every criterion scored. */
export function missingScores(kind: QuestionKind, entries: Entries): string[] {
  return RUBRICS[kind].filter((c) => !entries[c.id]?.score).map((c) => c.label)
}

/**
 * One rubric, 1–4 per criterion with a comment each, plus a summary. The interviewer's scorecard
 * and the candidate's self-assessment use the same form, so the debrief can put them side by side.
 */
export function RubricForm({ kind, initial, summaryLabel, submitLabel, disabled, busy, onSave }: RubricFormProps) {
  const id = useId()
  const rubric = RUBRICS[kind]
  const [entries, setEntries] = useState<Entries>(() => initial?.entries ?? {})
  const [summary, setSummary] = useState(initial?.summary ?? '')
  const [missing, setMissing] = useState<string[]>([])
  const set = (criterion: string, patch: Partial<RubricEntry>) =>
    setEntries((e) => ({ ...e, [criterion]: { score: e[criterion]?.score ?? null, comment: e[criterion]?.comment ?? '', ...patch } }))

  function submit(e: FormEvent) {
    e.preventDefault()
    const gaps = missingScores(kind, entries)
    setMissing(gaps)
    if (gaps.length) return
    onSave({ entries: clean(entries), summary, submit: true })
  }

  return (
    <form className="rubric" onSubmit={submit} noValidate>
      <fieldset disabled={disabled} className="rubric-fields">
        {rubric.map((c) => {
          const entry = entries[c.id]
          const isMissing = missing.includes(c.label) && !entry?.score
          return (
            <fieldset key={c.id} className={`criterion ${isMissing ? 'missing' : ''}`} aria-describedby={isMissing ? `${id}-${c.id}-m` : undefined}>
              <legend>{c.label}</legend>
              <div className="scale">
                {SCORES.map((s) => (
                  <label key={s} className={`score-option s${s} ${entry?.score === s ? 'checked' : ''}`}>
                    <input
                      type="radio"
                      name={`${id}-${c.id}`}
                      value={s}
                      checked={entry?.score === s}
                      onChange={() => set(c.id, { score: s })}
                    />
                    <span className="score-n">{s}</span>
                    <span className="score-label">{SCORE_LABELS[s]}</span>
                  </label>
                ))}
              </div>
              {isMissing && <p id={`${id}-${c.id}-m`} className="field-error">Pick a score.</p>}
              <textarea
                aria-label={`Comment on ${c.label}`}
                placeholder="Comment (optional)"
                rows={2}
                maxLength={2000}
                value={entry?.comment ?? ''}
                onChange={(e) => set(c.id, { comment: e.target.value })}
              />
            </fieldset>
          )
        })}
        <div className="field">
          <label htmlFor={`${id}-sum`}>{summaryLabel}</label>
          <textarea id={`${id}-sum`} rows={3} maxLength={4000} value={summary} onChange={(e) => setSummary(e.target.value)} />
        </div>
      </fieldset>
      {missing.length > 0 && (
        <p className="field-error" role="alert">
          Score every criterion before submitting: {missing.join(', ')}.
        </p>
      )}
      <div className="form-actions">
        <button
          className="button ghost"
          type="button"
          disabled={disabled || busy}
          onClick={() => {
            setMissing([])
            onSave({ entries: clean(entries), summary, submit: false })
          }}
        >
          Save draft
        </button>
        <button className="button primary" type="submit" disabled={disabled || busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  )
}

/** Drops criteria with neither a score nor a comment. */
function clean(entries: Entries): Entries {
  return Object.fromEntries(Object.entries(entries).filter(([, e]) => e.score !== null || e.comment.trim() !== ''))
}
