import { useId, useState, type FormEvent } from 'react'
import { MINUTE, type ClockState } from '@nudge/shared'
import { formatMinutes } from '../../../lib/duration.ts'
import { useInterview } from '../InterviewContext.tsx'
import { useAction } from '../useAction.ts'
import { rowsToPhases, type PlanRow as Row } from './plan.ts'

let nextKey = 1

/** Edits the planned phases before the clock starts: names, minutes, order; add and remove. */
export function PlanEditor({ clock, onDone }: { clock: ClockState; onDone: () => void }) {
  const id = useId()
  const { client } = useInterview()
  const action = useAction()
  const [rows, setRows] = useState<Row[]>(() =>
    clock.phases.map((p) => ({ key: nextKey++, id: p.id, kind: p.kind, label: p.label, minutes: String(p.plannedMs / MINUTE) })),
  )
  const update = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)))
  const move = (i: number, by: number) =>
    setRows((rs) => {
      const next = rs.slice()
      const [r] = next.splice(i, 1)
      next.splice(i + by, 0, r!)
      return next
    })
  const invalid = rows.find((r) => !r.label.trim() || !(Number(r.minutes) >= 0.5 && Number(r.minutes) <= 240))
  const total = rows.reduce((n, r) => n + (Number(r.minutes) || 0) * MINUTE, 0)

  async function save(e: FormEvent) {
    e.preventDefault()
    if (invalid) return action.setError('Every phase needs a name and between 0.5 and 240 minutes.')
    const ok = await action.run(() => client.configure(rowsToPhases(rows)))
    if (ok !== undefined) onDone()
  }

  return (
    <form className="plan-editor" onSubmit={save} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Plan for this round <span className="muted small">· {formatMinutes(total)} in total</span></h3>
      <ol className="plan-rows">
        {rows.map((r, i) => (
          <li key={r.key} className="plan-row">
            <span className="plan-n" aria-hidden="true">{i + 1}</span>
            <input
              type="text"
              aria-label={`Phase ${i + 1} name`}
              value={r.label}
              maxLength={40}
              onChange={(e) => update(r.key, { label: e.target.value })}
            />
            <input
              type="number"
              className="plan-minutes"
              aria-label={`Phase ${i + 1} minutes`}
              min={0.5}
              max={240}
              step={0.5}
              value={r.minutes}
              onChange={(e) => update(r.key, { minutes: e.target.value })}
            />
            <span className="plan-unit" aria-hidden="true">min</span>
            <button type="button" className="icon-button" aria-label={`Move phase ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
              ↑
            </button>
            <button type="button" className="icon-button" aria-label={`Move phase ${i + 1} down`} disabled={i === rows.length - 1} onClick={() => move(i, 1)}>
              ↓
            </button>
            <button type="button" className="icon-button" aria-label={`Remove phase ${i + 1}`} disabled={rows.length === 1} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
              ✕
            </button>
          </li>
        ))}
      </ol>
      <div className="form-actions">
        <button
          type="button"
          className="button ghost small"
          disabled={rows.length >= 20}
          onClick={() => setRows((rs) => [...rs, { key: nextKey++, id: null, kind: 'custom', label: 'New phase', minutes: '5' }])}
        >
          Add phase
        </button>
        <span className="spacer" />
        <button type="button" className="button ghost small" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button primary small" disabled={action.busy}>
          Save plan
        </button>
      </div>
      {action.error && (
        <p className="field-error" role="alert">
          {action.error}
        </p>
      )}
    </form>
  )
}
