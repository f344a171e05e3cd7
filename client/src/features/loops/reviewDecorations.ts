import type { ReviewComment } from '@nudge/shared'
import type * as Y from 'yjs'
import { monaco } from '../../collab/monaco.ts'
import { KIND_LABEL, reviewMarks } from './reviewRanges.ts'

type Editor = monaco.editor.IStandaloneCodeEditor

const RULER: Record<ReviewComment['kind'], string> = { strength: '#22c55e', concern: '#f97316', question: '#6366f1', note: '#94a3b8' }

/**
 * Shows a loop review's comments in the review room's editor: each comment's range tinted by its
 * kind, a bar in the line-decorations gutter beside its lines, a mark in the overview ruler, and
 * the comment on hover. The ranges are re-resolved from their anchors after every change to the
 * text, so they follow the code as both people edit. Lives in the editor's chunk (imports Monaco).
 * The gutter bar is not the glyph margin, which anchored hints switch on and off.
 */
export function attachReviewDecorations(editor: Editor, ytext: Y.Text) {
  const decorations = editor.createDecorationsCollection()
  let comments: readonly ReviewComment[] = []
  let frame = 0

  const render = () => {
    frame = 0
    const model = editor.getModel()
    if (!model || model.isDisposed()) return
    const next: monaco.editor.IModelDeltaDecoration[] = []
    for (const { comment: c, range: r } of reviewMarks(comments, ytext)) {
      if (!r || r.startLine > model.getLineCount()) continue
      const range = model.validateRange(new monaco.Range(r.startLine, r.startColumn, r.endLine, r.endColumn))
      // Monaco renders hover Markdown itself, with HTML and command links disabled (untrusted).
      const hover = { value: `**${KIND_LABEL[c.kind]}** · ${c.by}\n\n${c.text}`, isTrusted: false, supportHtml: false }
      next.push({
        range,
        options: {
          className: `review-range kind-${c.kind}`,
          linesDecorationsClassName: `review-gutter kind-${c.kind}`,
          hoverMessage: hover,
          overviewRuler: { color: RULER[c.kind], position: monaco.editor.OverviewRulerLane.Left },
          stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
        },
      })
    }
    decorations.set(next)
  }
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(render)
  }
  ytext.observe(schedule)

  return {
    update(next: readonly ReviewComment[]) {
      comments = next
      schedule()
    },
    dispose() {
      ytext.unobserve(schedule)
      if (frame) cancelAnimationFrame(frame)
      decorations.clear()
    },
  }
}
