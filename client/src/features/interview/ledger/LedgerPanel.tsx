import { useId, useState, type FormEvent } from 'react'
import { INTERVIEW_LIMITS, type ClarifyItem } from '@nudge/shared'
import { formatElapsed } from '../../../lib/duration.ts'
import { useInterview } from '../InterviewContext.tsx'
import { InlineMarkdown } from '../questions/Markdown.tsx'
import { useAction } from '../useAction.ts'

/**
 * The clarifying-questions ledger, visible to everyone: the candidate asks, the interviewer
 * answers, and either pins an answered question as an assumption they both rely on.
 */
export function LedgerPanel() {
  const { state, role } = useInterview()
  const items = state.clarifications
  const pinned = items.filter((c) => c.pinned)
  const open = items.filter((c) => c.answer === null)
  return (
    <div className="ledger">
      <section aria-labelledby="assumptions-h" className="assumptions">
        <h2 id="assumptions-h" className="section-title">
          Assumptions <span className="count">{pinned.length}</span>
        </h2>
        {pinned.length === 0 ? (
          <p className="muted small">Pin an answered question to keep it here as an agreed assumption.</p>
        ) : (
          <ul className="assumption-list">
            {pinned.map((c) => (
              <li key={c.id}>
                <PinIcon />
                <span>
                  <InlineMarkdown source={c.answer ?? ''} />
                  <span className="muted small">
                    {' '}
                    — <InlineMarkdown source={c.question} />
                  </span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {role === 'candidate' && <AskForm />}
      <section aria-labelledby="ledger-h">
        <h2 id="ledger-h" className="section-title">
          Clarifying questions <span className="count">{items.length}</span>
          {role === 'interviewer' && open.length > 0 && <span className="badge">{open.length} to answer</span>}
        </h2>
        {items.length === 0 ? (
          <p className="muted small">
            {role === 'candidate'
              ? 'Ask about inputs, edge cases and scope before you code; the answers stay here.'
              : 'The candidate’s clarifying questions and your answers will appear here.'}
          </p>
        ) : (
          <ol className="cards" reversed>
            {items
              .slice()
              .reverse()
              .map((c) => (
                <LedgerItem key={c.id} item={c} />
              ))}
          </ol>
        )}
      </section>
    </div>
  )
}

const PLACEHOLDERS = {
  coding: 'Can the input be empty?',
  behavioral: 'Should the example be from work?',
  'system-design': 'How many users should it handle?',
} as const

function AskForm() {
  const id = useId()
  const { client, live, state } = useInterview()
  const [text, setText] = useState('')
  const action = useAction()
  async function submit(e: FormEvent) {
    e.preventDefault()
    if (!text.trim()) return
    const ok = await action.run(() => client.ask(text.trim()))
    if (ok) setText('')
  }
  return (
    <form className="ask" onSubmit={submit}>
      <label htmlFor={`${id}-q`}>Your question</label>
      <div className="inline-form">
        <textarea
          id={`${id}-q`}
          rows={2}
          value={text}
          maxLength={INTERVIEW_LIMITS.clarifyText}
          placeholder={PLACEHOLDERS[state.round.kind]}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault()
              e.currentTarget.form?.requestSubmit()
            }
          }}
        />
        <button className="button primary" type="submit" disabled={action.busy || !live || !text.trim()}>
          Ask
        </button>
      </div>
      {action.error && <p className="field-error" role="alert">{action.error}</p>}
    </form>
  )
}

function LedgerItem({ item }: { item: ClarifyItem }) {
  const id = useId()
  const { client, role, live } = useInterview()
  const [draft, setDraft] = useState<string | null>(null)
  const action = useAction()
  const answering = role === 'interviewer' && (item.answer === null || draft !== null)

  async function answer(e: FormEvent) {
    e.preventDefault()
    const text = (draft ?? '').trim()
    if (!text) return
    const ok = await action.run(() => client.answer(item.id, text))
    if (ok !== undefined) setDraft(null)
  }

  return (
    <li className={`card-item clarify-item ${item.pinned ? 'pinned' : ''} ${item.answer === null ? 'open' : ''}`} data-testid="clarify-item">
      <div className="card-meta">
        <span>{item.askedBy}</span>
        <span>{item.stamp.status === 'idle' ? 'before the start' : `${item.stamp.phaseLabel} · ${formatElapsed(item.stamp.elapsedMs)}`}</span>
        {item.pinned && <span className="tag pinned">assumption</span>}
      </div>
      <p className="clarify-q" id={`${id}-q`}>
        <InlineMarkdown source={item.question} />
      </p>
      {item.answer !== null && draft === null && (
        <p className="clarify-a">
          <span className="visually-hidden">Answer: </span>
          <InlineMarkdown source={item.answer} />
        </p>
      )}
      {item.answer === null && role !== 'interviewer' && <p className="muted small">Waiting for an answer…</p>}
      {answering && (
        <form className="inline-form" onSubmit={answer}>
          <textarea
            aria-label={`Answer to: ${item.question}`}
            rows={2}
            value={draft ?? ''}
            maxLength={INTERVIEW_LIMITS.clarifyText}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault()
                e.currentTarget.form?.requestSubmit()
              }
              if (e.key === 'Escape' && item.answer !== null) setDraft(null)
            }}
          />
          <button className="button primary small" type="submit" disabled={action.busy || !live || !(draft ?? '').trim()}>
            Answer
          </button>
        </form>
      )}
      {action.error && <p className="field-error" role="alert">{action.error}</p>}
      {(role === 'interviewer' || role === 'candidate') && item.answer !== null && draft === null && (
        <div className="card-actions">
          <button
            className="button link"
            type="button"
            aria-describedby={`${id}-q`}
            disabled={action.busy || !live}
            onClick={() => void action.run(() => client.pin(item.id, !item.pinned))}
          >
            {item.pinned ? 'Unpin' : 'Pin as assumption'}
          </button>
          {role === 'interviewer' && (
            <button className="button link" type="button" aria-describedby={`${id}-q`} onClick={() => setDraft(item.answer ?? '')}>
              Edit answer
            </button>
          )}
        </div>
      )}
    </li>
  )
}

function PinIcon() {
  return (
    <svg className="icon pin" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M6 2h4l-.6 4 2.6 2.5H4L6.6 6zM8 8.5V14" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  )
}
