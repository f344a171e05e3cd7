import { useEffect, useId, useMemo, useRef, useState } from 'react'
import {
  DIFFICULTIES, INTERVIEW_LIMITS, QUESTION_KINDS, type Difficulty, type InterviewerQuestionView, type QuestionKind,
  type QuestionSummary,
} from '@nudge/shared'
import { downloadText } from '../downloads.ts'
import { useInterview } from '../InterviewContext.tsx'
import { KIND_LABELS } from '../kinds.ts'
import { useAction } from '../useAction.ts'
import { fetchQuestionBank } from './api.ts'
import { CustomQuestionForm } from './CustomQuestionForm.tsx'
import { QuestionDetails, QuestionMeta } from './QuestionDetails.tsx'

type Mode = { type: 'list' } | { type: 'preview'; id: string } | { type: 'write' }

/**
 * The interviewer's question bank: filter by kind and difficulty, preview the interviewer view,
 * pick; or write a custom question, or import a question file.
 */
export function QuestionPicker({ onPicked, onCancel }: { onPicked: () => void; onCancel?: () => void }) {
  const { snap, state, client } = useInterview()
  const id = useId()
  const [bank, setBank] = useState<QuestionSummary[] | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [kind, setKind] = useState<QuestionKind | 'all'>('all')
  const [difficulty, setDifficulty] = useState<Difficulty | 'all'>('all')
  const [search, setSearch] = useState('')
  const [mode, setMode] = useState<Mode>({ type: 'list' })
  const importAction = useAction()
  const fileRef = useRef<HTMLInputElement>(null)

  useEffect(() => {
    fetchQuestionBank().then(setBank, (err: Error) => setLoadError(err.message))
  }, [])

  const custom = snap.staff?.customQuestions ?? []
  const used = new Set(snap.staff?.usedQuestionIds ?? [])
  const current = state.round.question?.id ?? null
  const all = useMemo(() => [...custom.map((q) => ({ ...q, custom: true })), ...(bank ?? []).map((q) => ({ ...q, custom: false }))], [custom, bank])
  const needle = search.trim().toLowerCase()
  const shown = all.filter(
    (q) =>
      (kind === 'all' || q.kind === kind) &&
      (difficulty === 'all' || q.difficulty === difficulty) &&
      (!needle || q.title.toLowerCase().includes(needle) || q.tags.some((t) => t.includes(needle))),
  )

  async function importFile(file: File) {
    if (file.size > INTERVIEW_LIMITS.importBytes) return importAction.setError(`That file is over ${INTERVIEW_LIMITS.importBytes / 1000} kB.`)
    const text = await file.text()
    const format = /\.json$/i.test(file.name) || text.trimStart().startsWith('{') ? 'json' : 'markdown'
    const summary = await importAction.run(() => client.run('question:import', { format, text }))
    if (summary) setMode({ type: 'preview', id: summary.id })
  }

  if (mode.type === 'preview') {
    return <QuestionPreview id={mode.id} used={used.has(mode.id) && mode.id !== current} current={mode.id === current} onBack={() => setMode({ type: 'list' })} onPicked={onPicked} />
  }
  if (mode.type === 'write') {
    return <CustomQuestionForm onCancel={() => setMode({ type: 'list' })} onCreated={(q) => setMode({ type: 'preview', id: q.id })} />
  }

  return (
    <section className="picker" aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`} className="panel-heading">Pick a question</h2>
        {onCancel && (
          <button className="button link" type="button" onClick={onCancel}>
            Back to the current question
          </button>
        )}
      </div>
      <div className="picker-filters">
        <div className="field compact">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as QuestionKind | 'all')}>
            <option value="all">All kinds</option>
            {QUESTION_KINDS.map((k) => (
              <option key={k} value={k}>{KIND_LABELS[k]}</option>
            ))}
          </select>
        </div>
        <div className="field compact">
          <label htmlFor={`${id}-diff`}>Difficulty</label>
          <select id={`${id}-diff`} value={difficulty} onChange={(e) => setDifficulty(e.target.value as Difficulty | 'all')}>
            <option value="all">Any difficulty</option>
            {DIFFICULTIES.map((d) => (
              <option key={d} value={d}>{d[0]!.toUpperCase() + d.slice(1)}</option>
            ))}
          </select>
        </div>
        <div className="field compact grow">
          <label htmlFor={`${id}-q`}>Search</label>
          <input id={`${id}-q`} type="search" value={search} placeholder="Title or tag" onChange={(e) => setSearch(e.target.value)} />
        </div>
      </div>
      <div className="picker-tools">
        <button className="button ghost small" type="button" onClick={() => setMode({ type: 'write' })}>
          Write a custom question
        </button>
        <input
          ref={fileRef}
          id={`${id}-file`}
          className="visually-hidden"
          type="file"
          tabIndex={-1}
          aria-label="Question file to import"
          accept=".md,.markdown,.json,text/markdown,application/json"
          onChange={(e) => {
            const f = e.target.files?.[0]
            e.target.value = ''
            if (f) void importFile(f)
          }}
        />
        <button className="button ghost small" type="button" disabled={importAction.busy} onClick={() => fileRef.current?.click()}>
          Import a question file
        </button>
      </div>
      {importAction.error && <p className="field-error" role="alert">{importAction.error}</p>}
      {loadError && <p className="field-error" role="alert">{loadError}</p>}
      <p className="small muted" role="status">
        {bank === null && !loadError ? 'Loading the question bank…' : `${shown.length} question${shown.length === 1 ? '' : 's'}`}
      </p>
      <ul className="question-list">
        {shown.map((q) => {
          const isUsed = used.has(q.id) && q.id !== current
          return (
            <li key={q.id} className={`question-item ${isUsed ? 'used' : ''} ${q.id === current ? 'current' : ''}`}>
              <button className="question-open" type="button" onClick={() => setMode({ type: 'preview', id: q.id })} aria-describedby={`${id}-${q.id}-m`}>
                {q.title}
              </button>
              <div id={`${id}-${q.id}-m`} className="question-item-meta">
                <QuestionMeta q={q} />
                {q.custom && <span className="tag custom">custom</span>}
                {q.id === current && <span className="tag current">current</span>}
                {isUsed && <span className="tag used">used in this room</span>}
              </div>
            </li>
          )
        })}
      </ul>
    </section>
  )
}

function QuestionPreview({ id, used, current, onBack, onPicked }: { id: string; used: boolean; current: boolean; onBack: () => void; onPicked: () => void }) {
  const { client, state, live } = useInterview()
  const [q, setQ] = useState<InterviewerQuestionView | null>(null)
  const [confirming, setConfirming] = useState(false)
  const load = useAction()
  const pick = useAction()
  const headingRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    let stale = false
    void load.run(() => client.run('question:get', { questionId: id })).then((v) => !stale && v && setQ(v))
    return () => {
      stale = true
    }
  }, [id, client, load.run])
  useEffect(() => headingRef.current?.focus({ preventScroll: true }), [q])
  const status = state.clock.status
  const ended = status === 'ended'
  // Once the clock runs, picking changes what the candidate is working on: ask first.
  const needsConfirm = status !== 'idle'
  const otherKind = needsConfirm && q !== null && q.kind !== state.round.kind
  const doPick = async () => {
    if (!q) return
    const res = await pick.run(() => client.run('question:pick', { questionId: q.id }))
    setConfirming(false)
    if (res) onPicked()
  }
  return (
    <section className="preview" aria-label="Question preview">
      <div className="preview-actions sticky">
        <button className="button link back-link" type="button" onClick={onBack}>
          ← All questions
        </button>
        {q && (
          <>
            {!confirming ? (
              <button
                className="button primary"
                type="button"
                disabled={ended || otherKind || used || pick.busy || !live || current}
                onClick={() => (needsConfirm ? setConfirming(true) : void doPick())}
              >
                {current ? 'Picked' : 'Pick this question'}
              </button>
            ) : (
              <span className="confirm" role="group" aria-label="Confirm question change">
                <span className="confirm-text">
                  {state.round.question ? 'Change the question while the round runs?' : 'Pick this question while the round runs?'} Code already typed stays; the starter goes in only if the editor is empty.
                </span>
                <button className="button primary" type="button" autoFocus disabled={pick.busy} onClick={() => void doPick()}>
                  {state.round.question ? 'Change question' : 'Pick it'}
                </button>
                <button className="button ghost" type="button" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </span>
            )}
            <ExportButtons id={q.id} />
          </>
        )}
      </div>
      {load.error && <p className="field-error" role="alert">{load.error}</p>}
      {!q && !load.error && <p className="muted small" role="status">Loading…</p>}
      {q && (
        <>
          {ended && <p className="hint">This round has ended: start the next round to use this question.</p>}
          {otherKind && <p className="hint">This round's plan is for another kind of question: end the round and start the next one with it.</p>}
          {used && <p className="hint">Already used in this room: pick one nobody has seen.</p>}
          {pick.error && <p className="field-error" role="alert">{pick.error}</p>}
          <div ref={headingRef} tabIndex={-1} className="preview-body">
            <QuestionDetails q={q} />
          </div>
        </>
      )}
    </section>
  )
}

/** Downloads a question as a file another Nudge can import. */
export function ExportButtons({ id }: { id: string }) {
  const { client } = useInterview()
  const action = useAction()
  const exportAs = (format: 'markdown' | 'json') =>
    void action.run(async () => {
      const file = await client.run('question:export', { questionId: id, format })
      downloadText(file.filename, file.text, format === 'json' ? 'application/json' : 'text/markdown')
    })
  return (
    <span className="export-buttons">
      <button className="button ghost small" type="button" disabled={action.busy} onClick={() => exportAs('markdown')}>
        Export Markdown
      </button>
      <button className="button ghost small" type="button" disabled={action.busy} onClick={() => exportAs('json')}>
        Export JSON
      </button>
      {action.error && <span className="field-error" role="alert">{action.error}</span>}
    </span>
  )
}
