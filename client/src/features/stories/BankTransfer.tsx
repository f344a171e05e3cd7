import { useEffect, useId, useMemo, useState } from 'react'
import { exportJson, exportMarkdown, importBank } from './io.ts'
import type { Bank } from './model.ts'

function useDownload(text: string, type: string): string {
  const url = useMemo(() => URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` })), [text, type])
  useEffect(() => () => URL.revokeObjectURL(url), [url])
  return url
}

/**
 * Export as JSON or Markdown; import either. An import is validated in full first and replaces
 * the bank only after the candidate confirms, so a bad or unexpected file loses nothing.
 */
export function BankTransfer({ bank, onReplace }: { bank: Bank; onReplace(next: Bank): void }) {
  const id = useId()
  const json = useDownload(exportJson(bank), 'application/json')
  const md = useDownload(exportMarkdown(bank), 'text/markdown')
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [tags, setTags] = useState(bank.competencies.join(', '))

  async function onFile(file: File) {
    setError(null)
    setDone(null)
    const result = importBank(await file.text())
    if (!result.ok) return setError(`${file.name}: ${result.message}`)
    const n = result.bank.stories.length
    if (!window.confirm(`Replace your bank (${bank.stories.length} stories) with ${file.name} (${n} stories)?`)) return
    onReplace(result.bank)
    const c = result.bank.companies.length
    setDone(`Imported ${n} ${n === 1 ? 'story' : 'stories'} and ${c} ${c === 1 ? 'company' : 'companies'} from ${file.name}.`)
  }

  return (
    <section className="bank-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Keep a copy</h2>
      <p className="hint">Your bank lives only in this browser. Download it to keep a backup or move it to another browser.</p>
      <div className="form-actions left">
        <a className="button secondary small" href={json} download="story-bank.json">Download JSON</a>
        <a className="button secondary small" href={md} download="story-bank.md">Download Markdown</a>
        <label className="button secondary small file-button">
          Import a file…
          <input type="file" accept=".json,.md,application/json,text/markdown,text/plain" onChange={(e) => {
            const f = e.target.files?.[0]
            e.target.value = ''
            if (f) void onFile(f)
          }} />
        </label>
      </div>
      {error && <pre className="field-error import-error" role="alert">{error}</pre>}
      {done && <p className="hint" role="status">{done}</p>}
      <form
        className="composer-row"
        onSubmit={(e) => {
          e.preventDefault()
          const list = [...new Set(tags.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))].slice(0, 40)
          onReplace({ ...bank, competencies: list })
          setTags(list.join(', '))
        }}
      >
        <label htmlFor={`${id}-tags`}>Competency tags</label>
        <input id={`${id}-tags`} value={tags} onChange={(e) => setTags(e.target.value)} />
        <button className="button secondary small" type="submit">Save tags</button>
      </form>
    </section>
  )
}
