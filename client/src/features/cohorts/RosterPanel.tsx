import { useId, useState } from 'react'
import type { Student } from '@nudge/shared'
import { CopyButton } from '../landing/CopyButton.tsx'
import { ImportProblem, type RowProblem } from './cohortApi.ts'

/** The roster: import from CSV (pasted or a file), and each student's personal link to hand out. */
export function RosterPanel({ students, onImport }: { students: Student[]; onImport: (csv: string) => Promise<number> }) {
  const id = useId()
  const [csv, setCsv] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const [problems, setProblems] = useState<RowProblem[]>([])
  const submit = async () => {
    setBusy(true)
    setProblems([])
    try {
      const added = await onImport(csv)
      setMessage(`Imported ${added} student${added === 1 ? '' : 's'}.`)
      setCsv('')
    } catch (err) {
      setMessage((err as Error).message)
      if (err instanceof ImportProblem) setProblems(err.rows)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="card cohort-panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Roster ({students.length})</h2>
      <label htmlFor={`${id}-csv`} className="field-label">
        Paste CSV (a <code>name</code> column; <code>email</code> and other columns optional) or choose a file
      </label>
      <textarea
        id={`${id}-csv`}
        className="mono cohort-csv"
        rows={5}
        value={csv}
        placeholder={'name,email\nAda Lovelace,ada@example.org'}
        onChange={(e) => setCsv(e.target.value)}
      />
      <div className="cohort-actions">
        <input
          type="file"
          accept=".csv,text/csv"
          aria-label="CSV file"
          onChange={async (e) => {
            const f = e.target.files?.[0]
            if (f) setCsv(await f.text())
          }}
        />
        <button className="button primary" type="button" disabled={busy || !csv.trim()} onClick={submit}>
          Import students
        </button>
      </div>
      {message && <p role="status" className={problems.length ? 'error-text' : 'muted'}>{message}</p>}
      {problems.length > 0 && (
        <ul className="row-errors" data-testid="import-errors">
          {problems.map((p) => (
            <li key={p.row}>
              Row {p.row}: {p.message}
            </li>
          ))}
        </ul>
      )}
      {students.length > 0 && (
        <table className="cohort-table">
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col">Personal link</th>
            </tr>
          </thead>
          <tbody>
            {students.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.name}
                  {s.email && <span className="muted small"> · {s.email}</span>}
                </td>
                <td>
                  <input id={`${id}-${s.id}`} className="mono link-input" readOnly value={s.link} aria-label={`${s.name}'s personal link`} />
                  <CopyButton text={s.link} inputId={`${id}-${s.id}`} what={`${s.name}'s link`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
