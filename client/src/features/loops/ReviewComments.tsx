import { useCallback, useEffect, useId, useState } from 'react'
import { REVIEW_COMMENT_KINDS, type ReviewCommentKind, type ReviewComments as Comments } from '@nudge/shared'
import type { loopApi } from './loopApi.ts'

const KIND_LABEL: Record<ReviewCommentKind, string> = { strength: 'Strength', concern: 'Concern', question: 'Question', note: 'Note' }
const lines = (c: { startLine: number; endLine: number }) => (c.startLine === c.endLine ? `line ${c.startLine}` : `lines ${c.startLine}–${c.endLine}`)

/**
 * A take-home review's comments on the loop page. The reviewer sees the submission with line
 * numbers, comments on lines, removes and publishes; everyone else reads them (the candidate once
 * published), with where each line is in the review room's code now.
 */
export function ReviewCommentsPanel({ n, takeHome, reviewer, api }: { n: number; takeHome: number; reviewer: boolean; api: ReturnType<typeof loopApi> }) {
  const id = useId()
  const [data, setData] = useState<Comments | null>(null)
  const [code, setCode] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [draft, setDraft] = useState({ startLine: '1', endLine: '1', kind: 'note' as ReviewCommentKind, text: '' })

  const load = useCallback(() => api.comments(n).then(setData, (err: Error) => setError(err.message)), [api, n])
  useEffect(() => {
    void load()
    if (reviewer) api.submission(takeHome).then((s) => setCode(s.code), (err: Error) => setError(err.message))
  }, [load, reviewer, api, takeHome])

  const act = (p: Promise<Comments>) => p.then((d) => { setData(d); setError(null) }, (err: Error) => setError(err.message))
  if (!data) return error ? <p className="error-text" role="alert">{error}</p> : null
  const byLine = new Map<number, Comments['comments']>()
  for (const c of data.comments) byLine.set(c.endLine, [...(byLine.get(c.endLine) ?? []), c])

  return (
    <section className="loop-review" aria-labelledby={`${id}-h`} data-testid="review-comments">
      <h3 id={`${id}-h`}>
        Review comments ({data.comments.length})
        {data.publishedAt === null ? <span className="muted small"> · {reviewer ? 'not published: only the interviewers see them' : 'not published yet'}</span> : <span className="muted small"> · published</span>}
      </h3>
      {reviewer && code !== null && (
        <ol className="loop-review-code mono" aria-label="The submission, with its comments">
          {code.replace(/\n$/, '').split('\n').map((line, i) => (
            <li key={i} value={i + 1}>
              <code>{line || ' '}</code>
              {(byLine.get(i + 1) ?? []).map((c) => <Comment key={c.id} c={c} onRemove={() => void act(api.removeComment(n, c.id))} />)}
            </li>
          ))}
        </ol>
      )}
      {!reviewer && (
        data.comments.length === 0
          ? <p className="muted small">{data.publishedAt === null ? 'The reviewer\'s comments appear here once they publish them.' : 'No comments.'}</p>
          : <ul className="loop-review-list">{data.comments.map((c) => <li key={c.id}><Comment c={c} /></li>)}</ul>
      )}
      {reviewer && (
        <form className="loop-review-form" onSubmit={(e) => {
          e.preventDefault()
          void act(api.addComment(n, { startLine: Number(draft.startLine), endLine: Number(draft.endLine), kind: draft.kind, text: draft.text })).then(() => setDraft((d) => ({ ...d, text: '' })))
        }}>
          <div className="field-row">
            <div className="field compact"><label htmlFor={`${id}-from`}>From line</label><input id={`${id}-from`} type="number" min={1} required value={draft.startLine} onChange={(e) => setDraft({ ...draft, startLine: e.target.value, endLine: String(Math.max(Number(e.target.value), Number(draft.endLine))) })} /></div>
            <div className="field compact"><label htmlFor={`${id}-to`}>To line</label><input id={`${id}-to`} type="number" min={1} required value={draft.endLine} onChange={(e) => setDraft({ ...draft, endLine: e.target.value })} /></div>
            <div className="field compact">
              <label htmlFor={`${id}-kind`}>Kind</label>
              <select id={`${id}-kind`} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as ReviewCommentKind })}>
                {REVIEW_COMMENT_KINDS.map((k) => <option key={k} value={k}>{KIND_LABEL[k]}</option>)}
              </select>
            </div>
          </div>
          <label htmlFor={`${id}-text`} className="visually-hidden">Comment</label>
          <textarea id={`${id}-text`} rows={2} required maxLength={2000} placeholder="Your comment on those lines" value={draft.text} onChange={(e) => setDraft({ ...draft, text: e.target.value })} />
          <div className="loop-actions">
            <button type="submit" className="button small">Add the comment</button>
            {data.publishedAt === null && data.comments.length > 0 && (
              <button type="button" className="button small primary" onClick={() => void act(api.publishComments(n))}>Publish to the candidate</button>
            )}
          </div>
        </form>
      )}
      {error && <p className="error-text" role="alert">{error}</p>}
    </section>
  )
}

function Comment({ c, onRemove }: { c: Comments['comments'][number]; onRemove?: () => void }) {
  return (
    <div className={`review-comment kind-${c.kind}`} data-testid="review-comment">
      <span className="review-kind">{KIND_LABEL[c.kind]}</span> <span className="muted small">{lines(c)}{c.currentLine === null ? ' · that code is gone from the review room' : c.currentLine !== c.startLine ? ` · now line ${c.currentLine} in the room` : ''}</span>
      <p>{c.text}</p>
      {onRemove && <button type="button" className="button small ghost" onClick={onRemove} aria-label={`Remove the comment on ${lines(c)}`}>Remove</button>}
    </div>
  )
}
