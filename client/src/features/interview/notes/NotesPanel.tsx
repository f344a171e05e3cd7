import { useEffect, useId, useState, type FormEvent } from 'react'
import { INTERVIEW_LIMITS, type QuestionKind } from '@nudge/shared'
import { localStore } from '../../../lib/storage.ts'
import { formatElapsed } from '../../../lib/duration.ts'
import { useInterview } from '../InterviewContext.tsx'
import { useAction } from '../useAction.ts'

/** Quick notes that fit each kind of round; the interviewer can add their own (kept in this browser). */
const QUICK: Record<QuestionKind, string[]> = {
  coding: ['Clarified well', 'Talked through the approach', 'Jumped into code', 'Tested edge cases', 'Needed a nudge'],
  behavioral: ['Said “we”, not “I”', 'No metric', 'Vague result', 'Strong ownership', 'Long situation, short action', 'Clear trade-off'],
  'system-design': ['Clarified requirements', 'Estimated the scale', 'Named trade-offs', 'Went deep on one part', 'Needed a nudge'],
}
const customKey = (kind: QuestionKind) => `nudge:quick-notes:${kind}`
function loadCustom(kind: QuestionKind): string[] {
  try {
    const v: unknown = JSON.parse(localStore().getItem(customKey(kind)) ?? '[]')
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 12) : []
  } catch {
    return []
  }
}

/** Private notes: only the round's interviewer ever receives them. Each is stamped with the clock. */
export function NotesPanel() {
  const id = useId()
  const { snap, client, live, state } = useInterview()
  const notes = snap.staff?.notes ?? []
  const [text, setText] = useState('')
  const action = useAction()
  const kind = state.round.kind
  const [custom, setCustom] = useState(() => loadCustom(kind))
  useEffect(() => setCustom(loadCustom(kind)), [kind])
  const saveCustom = (list: string[]) => {
    setCustom(list)
    localStore().setItem(customKey(kind), JSON.stringify(list))
  }

  async function add(value: string) {
    const clean = value.trim()
    if (!clean) return false
    return (await action.run(() => client.addNote(clean))) !== undefined
  }
  async function submit(e: FormEvent) {
    e.preventDefault()
    if (await add(text)) setText('')
  }

  return (
    <div className="notes">
      <p className="private-note">
        <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <rect x="3" y="7" width="10" height="7" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M5.5 7V5a2.5 2.5 0 015 0v2" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
        Private: the candidate and observers never see these.
      </p>
      <form onSubmit={submit} className="note-form">
        <label htmlFor={`${id}-n`}>Private note</label>
        <textarea
          id={`${id}-n`}
          rows={3}
          value={text}
          maxLength={INTERVIEW_LIMITS.noteText}
          aria-describedby={`${id}-h`}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit()
          }}
        />
        <div className="composer-row">
          <span id={`${id}-h`} className="hint">
            Stamped with {state.clock.status === 'idle' ? 'the clock once it runs' : 'the phase and clock time'}. <kbd>Ctrl</kbd>+<kbd>Enter</kbd> adds it.
          </span>
          <button className="button primary" type="submit" disabled={action.busy || !live || !text.trim()}>
            Add note
          </button>
        </div>
        <div className="quick-notes" role="group" aria-label="Quick notes">
          {[...QUICK[kind], ...custom].map((q) => (
            <button key={q} className="chip" type="button" disabled={action.busy || !live} onClick={() => void add(q)}>
              + {q}
            </button>
          ))}
          <button
            className="button link small"
            type="button"
            disabled={!text.trim() || custom.includes(text.trim()) || text.trim().length > 80}
            onClick={() => saveCustom([...custom, text.trim()].slice(-12))}
          >
            Keep this text as a quick note
          </button>
          {custom.length > 0 && (
            <button className="button link small" type="button" onClick={() => saveCustom([])}>
              Clear my quick notes
            </button>
          )}
        </div>
        {action.error && <p className="field-error" role="alert">{action.error}</p>}
      </form>
      <h2 className="section-title">
        Notes <span className="count">{notes.length}</span>
      </h2>
      {notes.length === 0 ? (
        <p className="muted small">Nothing noted yet.</p>
      ) : (
        <ol className="cards note-list" reversed>
          {notes
            .slice()
            .reverse()
            .map((n) => (
              <li key={n.id} className="card-item note-item" data-testid="note">
                <span className="note-stamp mono">
                  {n.stamp.status === 'idle' ? '–:––' : formatElapsed(n.stamp.elapsedMs)}
                  <span className="muted"> {n.stamp.status === 'idle' ? 'before start' : n.stamp.phaseLabel}</span>
                </span>
                <p>{n.text}</p>
              </li>
            ))}
        </ol>
      )}
    </div>
  )
}
