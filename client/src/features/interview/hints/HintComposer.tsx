import { useEffect, useId, useState, type FormEvent } from 'react'
import { INTERVIEW_LIMITS } from '@nudge/shared'
import { useInterview } from '../InterviewContext.tsx'
import { InlineMarkdown } from '../questions/Markdown.tsx'
import { useAction } from '../useAction.ts'
import { anchorForLine } from './anchors.ts'

/**
 * The interviewer's hint channel: the question's ladder (pick a rung, reword it if needed) or a
 * custom nudge, optionally anchored to the line the caret is on. Only what is sent reaches the
 * candidate; the ladder stays here.
 */
export function HintComposer() {
  const id = useId()
  const { snap, state, client, session, editor, live } = useInterview()
  const ladder = snap.staff?.question?.hints ?? []
  const sentTiers = new Set(state.hints.filter((h) => h.tier !== null).map((h) => h.tier!))
  const [tier, setTier] = useState<number | null>(null)
  const [text, setText] = useState('')
  const [anchor, setAnchor] = useState(false)
  const [line, setLine] = useState<number | null>(null)
  const action = useAction()

  // A new round (or question) starts a fresh composer.
  useEffect(() => {
    setTier(null)
    setText('')
  }, [state.round.n, snap.staff?.question?.id])

  useEffect(() => {
    if (!anchor || !editor) return
    setLine(editor.cursorLine())
    return editor.onCursorLine(setLine)
  }, [anchor, editor])

  const nextTier = ladder.findIndex((_, i) => !sentTiers.has(i))
  const edited = tier !== null && ladder[tier] && ladder[tier].text.trim() !== text.trim()

  function chooseTier(i: number) {
    setTier(i)
    setText(ladder[i]!.text)
  }

  async function send(e: FormEvent) {
    e.preventDefault()
    const clean = text.trim()
    if (!clean) return action.setError('Write the hint first.')
    let position: string | undefined
    if (anchor) {
      const at = editor?.cursorLine() ?? null
      if (!session || at === null) return action.setError('Click in the code first: the hint is anchored to the caret’s line.')
      position = anchorForLine(session.text, at)
    }
    const sent = await action.run(() =>
      client.sendHint({ text: clean, ...(tier !== null ? { tier } : {}), ...(position ? { anchor: position } : {}) }),
    )
    if (sent) {
      setTier(null)
      setText('')
    }
  }

  return (
    <div className="hint-composer">
      {ladder.length > 0 && (
        <section aria-labelledby={`${id}-ladder`}>
          <h2 id={`${id}-ladder`} className="section-title">
            Hint ladder <span className="muted small">· from gentle to the approach</span>
          </h2>
          <ol className="ladder">
            {ladder.map((h, i) => (
              <li key={i} className={`rung ${sentTiers.has(i) ? 'sent' : ''} ${tier === i ? 'selected' : ''} ${i === nextTier ? 'next' : ''}`}>
                <button type="button" className="rung-button" aria-pressed={tier === i} onClick={() => chooseTier(i)}>
                  <span className="rung-n" aria-hidden="true">{i + 1}</span>
                  <span className="rung-body">
                    <span className="rung-title">
                      <span className="visually-hidden">Use hint {i + 1}: </span>
                      {h.title ?? `Hint ${i + 1}`}
                      {sentTiers.has(i) && <span className="rung-sent"> · sent</span>}
                      {i === nextTier && !sentTiers.has(i) && <span className="rung-next"> · next</span>}
                    </span>
                    <span className="rung-text"><InlineMarkdown source={h.text} /></span>
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </section>
      )}
      <form className="composer" onSubmit={send} aria-labelledby={`${id}-c`}>
        <div className="label-row">
          <span id={`${id}-c`} className="label">
            {tier === null ? 'Custom nudge' : `Hint ${tier + 1}${edited ? ' (reworded)' : ''}`}
          </span>
          {tier !== null && (
            <button type="button" className="button link small-link" onClick={() => { setTier(null); setText('') }}>
              Write my own instead
            </button>
          )}
        </div>
        <textarea
          id={`${id}-text`}
          aria-label="Hint text"
          aria-describedby={`${id}-c`}
          rows={3}
          value={text}
          maxLength={INTERVIEW_LIMITS.hintText}
          placeholder={ladder.length ? 'Pick a rung above, or write a nudge…' : 'Write a nudge…'}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit()
          }}
        />
        <div className="composer-row">
          <label className="check">
            <input type="checkbox" checked={anchor} onChange={(e) => setAnchor(e.target.checked)} />
            Anchor to current line
            {anchor && <span className="muted"> {line !== null ? `(line ${line})` : '(click in the code)'}</span>}
          </label>
          <span className="spacer" />
          <button className="button primary" type="submit" disabled={action.busy || !live || !text.trim()}>
            Send hint
          </button>
        </div>
        {action.error && <p className="field-error" role="alert">{action.error}</p>}
      </form>
    </div>
  )
}
