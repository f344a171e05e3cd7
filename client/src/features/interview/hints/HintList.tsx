import type { SentHint } from '@nudge/shared'
import { formatElapsed } from '../../../lib/duration.ts'
import { useInterview } from '../InterviewContext.tsx'
import { Markdown } from '../questions/Markdown.tsx'
import { useAnchorLines } from './useAnchorLines.ts'

/** Hints as sent, newest first: what the candidate (and everyone) received. */
export function HintList({ hints, heading }: { hints: readonly SentHint[]; heading: string }) {
  const { session, editor, state } = useInterview()
  const lines = useAnchorLines(session, hints)
  const ordered = hints.map((h, i) => ({ h, n: i + 1 })).reverse()
  return (
    <section className="hint-list" aria-label={heading}>
      <h2 className="section-title">
        {heading} <span className="count">{hints.length}</span>
      </h2>
      {hints.length === 0 ? (
        <p className="muted small">{state.role === 'interviewer' ? 'No hints sent yet.' : 'No hints yet. If you get stuck, say so — or press “I’m stuck”.'}</p>
      ) : (
        <ol className="cards" reversed>
          {ordered.map(({ h, n }) => {
            const line = lines.get(h.id)
            return (
              <li key={h.id} className="card-item hint-card" data-testid="hint">
                <div className="card-meta">
                  <span className="hint-n">Hint {n}</span>
                  <span>
                    {h.stamp.status === 'idle' ? 'before the start' : `${h.stamp.phaseLabel} · ${formatElapsed(h.stamp.elapsedMs)}`}
                  </span>
                  {state.role === 'interviewer' && (
                    <span className="tag">{h.tier === null ? 'custom' : `ladder ${h.tier + 1}${h.edited ? ', edited' : ''}`}</span>
                  )}
                </div>
                <Markdown source={h.text} className="md hint-text" />
                {h.anchor &&
                  (line !== undefined ? (
                    <button className="button link line-link" type="button" onClick={() => editor?.revealLine(line)} disabled={!editor}>
                      <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                        <path d="M4 2.5v11M4 3h7.5L9.7 5.8l1.8 2.7H4" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
                      </svg>
                      Go to line {line}
                    </button>
                  ) : (
                    <span className="small muted">Pointed at code that has since been removed</span>
                  ))}
              </li>
            )
          })}
        </ol>
      )}
    </section>
  )
}
