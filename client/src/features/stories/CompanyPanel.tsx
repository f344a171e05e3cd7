import { useId, useState } from 'react'
import { BEHAVIORAL_LIMITS } from '@nudge/shared'
import { BANK_LIMITS, newLocalId, type Bank, type Company } from './model.ts'
import { coverage, setValues, toggleLink } from './coverage.ts'
import { extractValues } from './values.ts'

/**
 * A target company: paste its values or culture memo, get its values (editable), and see the map
 * of values × stories with the values no story backs and the stories stretched over too many.
 */
export function CompanyPanel({ bank, onChange }: { bank: Bank; onChange(next: Bank): void }) {
  const id = useId()
  const [selected, setSelected] = useState<string | null>(bank.companies[0]?.id ?? null)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const company = bank.companies.find((c) => c.id === selected) ?? null
  const save = (c: Company) => onChange({ ...bank, companies: bank.companies.map((x) => (x.id === c.id ? c : x)) })

  function add() {
    if (bank.companies.length >= BANK_LIMITS.companies) return setMessage({ ok: false, text: `At most ${BANK_LIMITS.companies} companies.` })
    const c: Company = { id: newLocalId(), name: `Company ${bank.companies.length + 1}`, memo: '', values: [], map: {} }
    onChange({ ...bank, companies: [...bank.companies, c] })
    setSelected(c.id)
    setMessage(null)
  }
  function findValues(c: Company) {
    const r = extractValues(c.memo)
    if (!r.ok) return setMessage({ ok: false, text: r.message })
    save(setValues(c, r.values))
    setMessage({ ok: true, text: `Found ${r.values.length} values. Edit them below if a name is off.` })
  }

  return (
    <section className="bank-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Target companies</h2>
      <div className="company-tabs" role="group" aria-label="Companies">
        {bank.companies.map((c) => (
          <button key={c.id} type="button" className="chip" aria-current={c.id === selected ? 'page' : undefined} onClick={() => setSelected(c.id)}>
            {c.name}
          </button>
        ))}
        <button type="button" className="button secondary small" onClick={add}>+ Add company</button>
      </div>
      {company && (
        <div className="company">
          <label htmlFor={`${id}-name`}>Company name</label>
          <input id={`${id}-name`} value={company.name} maxLength={BEHAVIORAL_LIMITS.companyName} onChange={(e) => save({ ...company, name: e.target.value })} />
          <label htmlFor={`${id}-memo`}>Values or culture memo</label>
          <textarea
            id={`${id}-memo`}
            rows={6}
            value={company.memo}
            placeholder="Paste the company's values page or culture memo (plain text or Markdown)."
            aria-describedby={`${id}-memo-n`}
            onChange={(e) => {
              // Kept up to the cap only; a longer paste is explained instead of stored.
              const text = e.target.value
              if (text.length > BANK_LIMITS.memoChars) {
                const r = extractValues(text)
                setMessage({ ok: false, text: r.ok ? 'This memo is too long.' : r.message })
                return
              }
              save({ ...company, memo: text })
            }}
          />
          <div className="composer-row">
            <span className="hint" id={`${id}-memo-n`}>{company.memo.length.toLocaleString('en')} / {BANK_LIMITS.memoChars.toLocaleString('en')} characters · stays in this browser</span>
            <button type="button" className="button primary small" onClick={() => findValues(company)}>Find values</button>
          </div>
          {message && <p className={message.ok ? 'hint' : 'field-error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
          <ValuesEditor company={company} onChange={save} />
          <ValuesMap bank={bank} company={company} onChange={save} />
          <button
            type="button"
            className="button danger-ghost small"
            onClick={() => {
              if (!window.confirm(`Remove ${company.name} and its values?`)) return
              onChange({ ...bank, companies: bank.companies.filter((c) => c.id !== company.id) })
              setSelected(null)
            }}
          >
            Remove company
          </button>
        </div>
      )}
    </section>
  )
}

function ValuesEditor({ company, onChange }: { company: Company; onChange(c: Company): void }) {
  const [draft, setDraft] = useState('')
  const full = company.values.length >= BEHAVIORAL_LIMITS.valuesPerCompany
  return (
    <div className="values-editor">
      <h3>Values <span className="count">{company.values.length}</span></h3>
      <ul className="values-list">
        {company.values.map((v, i) => (
          <li key={`${i}-${v}`}>
            <input
              aria-label={`Value ${i + 1}`}
              defaultValue={v}
              maxLength={BEHAVIORAL_LIMITS.valueName}
              onBlur={(e) => e.target.value.trim() !== v && onChange(renameValue(company, v, e.target.value))}
            />
            <button type="button" className="icon-button" aria-label={`Remove ${v}`} onClick={() => onChange(setValues(company, company.values.filter((x) => x !== v)))}>✕</button>
          </li>
        ))}
      </ul>
      <form
        className="composer-row"
        onSubmit={(e) => {
          e.preventDefault()
          if (!draft.trim() || full) return
          onChange(setValues(company, [...company.values, draft]))
          setDraft('')
        }}
      >
        <input aria-label="New value" value={draft} maxLength={BEHAVIORAL_LIMITS.valueName} placeholder="Add a value" onChange={(e) => setDraft(e.target.value)} />
        <button className="button secondary small" type="submit" disabled={full}>Add value</button>
      </form>
    </div>
  )
}

function renameValue(c: Company, from: string, to: string): Company {
  const name = to.trim()
  if (!name) return setValues(c, c.values.filter((v) => v !== from))
  const renamed = setValues({ ...c, map: { ...c.map, [name]: c.map[from] ?? [] } }, c.values.map((v) => (v === from ? name : v)))
  return renamed
}

/** Values × stories: tick where a story backs a value. */
function ValuesMap({ bank, company, onChange }: { bank: Bank; company: Company; onChange(c: Company): void }) {
  const cov = coverage(company, bank.stories)
  if (company.values.length === 0) return null
  return (
    <div className="values-map">
      <h3>Map: values × stories</h3>
      <p className="hint" role="status" data-testid="coverage-summary">
        {cov.gaps.length === 0 ? 'Every value has a story.' : `${cov.gaps.length} of ${company.values.length} values have no story yet: ${cov.gaps.join(', ')}.`}
        {cov.overused.length > 0 && ` Overused: ${cov.overused.map((id) => bank.stories.find((s) => s.id === id)?.title).join(', ')}.`}
      </p>
      {bank.stories.length === 0 ? (
        <p className="muted">Write a story to map it.</p>
      ) : (
        <div className="table-scroll">
          <table className="map-table" aria-label={`Values of ${company.name} × stories`}>
            <thead>
              <tr>
                <th scope="col">Value</th>
                {bank.stories.map((s) => (
                  <th key={s.id} scope="col" className={cov.overused.includes(s.id) ? 'overused' : undefined}>
                    {s.title}
                    <span className="map-uses">{cov.uses[s.id]} value{cov.uses[s.id] === 1 ? '' : 's'}{cov.overused.includes(s.id) ? ' · overused' : ''}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {cov.rows.map((r) => (
                <tr key={r.value} className={r.storyIds.length === 0 ? 'gap' : undefined}>
                  <th scope="row">
                    {r.value}
                    {r.storyIds.length === 0 && <span className="gap-label"> · no story</span>}
                  </th>
                  {bank.stories.map((s) => (
                    <td key={s.id}>
                      <input
                        type="checkbox"
                        aria-label={`${s.title} backs ${r.value}`}
                        checked={r.storyIds.includes(s.id)}
                        onChange={() => onChange(toggleLink(company, r.value, s.id))}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
