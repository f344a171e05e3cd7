import type * as Y from 'yjs'
import { lineColumn, type ReviewComment, type ReviewCommentKind } from '@nudge/shared'
import { resolveAnchor } from '../interview/hints/anchors.ts'
import type { EditorRange } from '../editor/editorHandle.ts'

export const KIND_LABEL: Record<ReviewCommentKind, string> = { strength: 'Strength', concern: 'Concern', question: 'Question', note: 'Note' }

export interface ReviewMark {
  comment: ReviewComment
  /** Where the comment's code is in this copy now; null once all of it was deleted. */
  range: EditorRange | null
}

/**
 * Where each comment is in this client's copy of the code, resolved from its two anchors (Yjs
 * relative positions) so it follows edits as they happen, before the server says so. A comment
 * from before ranges (no anchors), or one whose anchors this copy cannot resolve yet, keeps the
 * range the server last sent.
 */
export function reviewMarks(comments: readonly ReviewComment[], ytext: Y.Text): ReviewMark[] {
  const text = ytext.toString()
  return comments.map((comment) => {
    if (!comment.anchor) return { comment, range: comment.current }
    const s = resolveAnchor(comment.anchor.start, ytext)
    const e = resolveAnchor(comment.anchor.end, ytext)
    if (!s || !e) return { comment, range: comment.current }
    if (e.index <= s.index) return { comment, range: null }
    const a = lineColumn(text, s.index)
    const b = lineColumn(text, e.index)
    return { comment, range: { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column } }
  })
}

/** "line 3" or "lines 3–5". */
export const linesOf = (r: { startLine: number; endLine: number }) => (r.startLine === r.endLine ? `line ${r.startLine}` : `lines ${r.startLine}–${r.endLine}`)
