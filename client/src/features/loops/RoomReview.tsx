import { useEffect, useId, useReducer, useRef, useState } from 'react'
import * as Y from 'yjs'
import { REVIEW_COMMENT_KINDS, REVIEW_LIMITS, type ReviewCommentKind, type ReviewComments } from '@nudge/shared'
import type { EditorHandle, EditorSelection } from '../editor/editorHandle.ts'
import { toBase64 } from '../interview/hints/anchors.ts'
import { roomLoopApi } from './loopApi.ts'
import { KIND_LABEL, linesOf, reviewMarks } from './reviewRanges.ts'

/** Anchors of a selection in the shared text: before its first character, after its last (see ReviewCommentInput). */
function selectionAnchor(ytext: Y.Text, sel: EditorSelection) {
  const at = (index: number, assoc: number) => toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(ytext, index, assoc)))
  return { start: at(sel.from, 0), end: at(sel.to, -1) }
}

/** Re-renders (at most once a frame) when the shared text changes: the comments' lines follow it. */
function useTextVersion(ytext: Y.Text | null) {
  const [, bump] = useReducer((n: number) => n + 1, 0)
  useEffect(() => {
    if (!ytext) return
    let frame = 0
    const onChange = () => {
      if (!frame) frame = requestAnimationFrame(() => { frame = 0; bump() })
    }
    ytext.observe(onChange)
    return () => {
      ytext.unobserve(onChange)
      if (frame) cancelAnimationFrame(frame)
    }
  }, [ytext])
}

/**
 * A take-home review in its room: the comments beside the code, each a button that scrolls the
 * editor to its range (where that code is now), and for the room's interviewer a box to comment
 * on the code selected in the editor (Ctrl/Cmd+Alt+C from the editor jumps here), remove comments
 * and publish them. The candidate gets the comments only once published (the server decides).
 */
export function RoomReview({ roomId, token, review, reviewer, editor, ytext, onChange }: {
  roomId: string; token: string; review: ReviewComments; reviewer: boolean
  editor: EditorHandle | null; ytext: Y.Text | null; onChange: (review: ReviewComments) => void
}) {
  const id = useId()
  useTextVersion(ytext)
  const [selection, setSelection] = useState<EditorSelection | null>(null)
  const [draft, setDraft] = useState({ kind: 'note' as ReviewCommentKind, text: '' })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const textRef = useRef<HTMLTextAreaElement>(null)
  const detailsRef = useRef<HTMLDetailsElement>(null)

  useEffect(() => {
    if (!editor || !reviewer) return
    setSelection(editor.selection())
    const offSel = editor.onSelection(setSelection)
    const offKey = editor.onCommentRequest(() => {
      if (detailsRef.current) detailsRef.current.open = true
      textRef.current?.focus()
    })
    return () => {
      offSel()
      offKey()
    }
  }, [editor, reviewer])

  const act = async (p: () => Promise<ReviewComments>, after?: () => void) => {
    setBusy(true)
    try {
      onChange(await p())
      setError(null)
      after?.()
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }
  const api = roomLoopApi(roomId, token)
  const marks = ytext ? reviewMarks(review.comments, ytext) : review.comments.map((comment) => ({ comment, range: comment.current }))
  const quote = selection && ytext ? ytext.toString().slice(selection.from, Math.min(selection.to, selection.from + 60)) : ''

  if (!reviewer && review.comments.length === 0) return null
  return (
    <details ref={detailsRef} className="loop-banner-review" data-testid="room-review-comments" open>
      <summary>
        Review comments ({review.comments.length}){review.publishedAt === null && reviewer && ' · not published: only you see them'}
      </summary>
      <div className="room-review">
        <ul aria-label="Review comments">
          {marks.map(({ comment: c, range }) => (
            <li key={c.id} className={`review-comment kind-${c.kind}`} data-testid="room-review-comment">
              <div className="room-review-head">
              <strong>{KIND_LABEL[c.kind]}</strong>
              {range
                ? <button type="button" className="button link small" onClick={() => editor?.revealRange(range)} aria-label={`Show ${linesOf(range)} in the editor`}>{linesOf(range)}</button>
                : <span className="muted small">its code is gone{c.quote && <> (was <code>{c.quote.split('\n')[0]}</code>)</>}</span>}
              {reviewer && (
                <button type="button" className="button link small room-review-remove" disabled={busy} onClick={() => void act(() => api.removeComment(c.id))} aria-label={`Remove the ${c.kind} on ${range ? linesOf(range) : 'deleted code'}`}>Remove</button>
              )}
              </div>
              <p>{c.text}</p>
            </li>
          ))}
        </ul>
        {reviewer && (
          <form className="room-review-form" aria-label="Comment on the selected code" onSubmit={(e) => {
            e.preventDefault()
            if (!selection || !ytext) return
            const body = { anchor: selectionAnchor(ytext, selection), kind: draft.kind, text: draft.text }
            void act(() => api.comment(body), () => setDraft((d) => ({ ...d, text: '' })))
          }}>
            <p className="muted small" aria-live="polite" data-testid="review-selection">
              {selection ? <>On {linesOf(selection)}: <code>{quote.split('\n')[0]}{quote.includes('\n') || selection.to - selection.from > quote.length ? '…' : ''}</code></> : 'Select code in the editor to comment on it (Ctrl/Cmd+Alt+C from the editor comes here; Enter sends).'}
            </p>
            <div className="room-review-row">
              <label htmlFor={`${id}-kind`} className="visually-hidden">Kind</label>
              <select id={`${id}-kind`} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as ReviewCommentKind })}>
                {REVIEW_COMMENT_KINDS.map((k) => <option key={k} value={k}>{KIND_LABEL[k]}</option>)}
              </select>
              <label htmlFor={`${id}-text`} className="visually-hidden">Comment</label>
              <textarea ref={textRef} id={`${id}-text`} rows={1} required maxLength={REVIEW_LIMITS.text} placeholder="Your comment on the selected code" value={draft.text}
                onChange={(e) => setDraft({ ...draft, text: e.target.value })}
                onKeyDown={(e) => {
                  // Enter sends, Shift+Enter starts a new line (Ctrl+Enter is the room's Run).
                  if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.metaKey) {
                    e.preventDefault()
                    e.currentTarget.form?.requestSubmit()
                  }
                }} />
              <button type="submit" className="button small" disabled={busy || !selection}>Comment</button>
              {review.publishedAt === null && review.comments.length > 0 && (
                <button type="button" className="button small primary" disabled={busy} onClick={() => void act(() => api.publish())}>Publish to the candidate</button>
              )}
            </div>
          </form>
        )}
        {error && <p className="error-text" role="alert">{error}</p>}
      </div>
    </details>
  )
}
