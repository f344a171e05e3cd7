import type { SentHint } from '@nudge/shared'
import type * as Y from 'yjs'
import { monaco } from '../../../collab/monaco.ts'
import { hintMarks, type HintMark } from './anchors.ts'

type Editor = monaco.editor.IStandaloneCodeEditor

/**
 * Shows anchored hints in the editor: a glyph in the margin, a tinted line and a short label at
 * the line's end, with the hint's text on hover. The lines are re-resolved from the anchors'
 * relative positions after every change to the text, so a hint follows its code as both people
 * edit. Lives in the editor's chunk (it imports Monaco).
 */
export function attachHintDecorations(editor: Editor, ytext: Y.Text) {
  const decorations = editor.createDecorationsCollection()
  let hints: readonly SentHint[] = []
  let frame = 0

  const render = () => {
    frame = 0
    const model = editor.getModel()
    if (!model || model.isDisposed()) return
    const byLine = new Map<number, HintMark[]>()
    for (const m of hintMarks(hints, ytext)) {
      if (m.line > model.getLineCount()) continue
      byLine.set(m.line, [...(byLine.get(m.line) ?? []), m])
    }
    const next: monaco.editor.IModelDeltaDecoration[] = []
    for (const [line, marks] of byLine) {
      const label = marks.map((m) => `Hint ${m.number}`).join(', ')
      // Monaco renders hover Markdown itself, with HTML and command links disabled (untrusted).
      const hover = marks.map((m) => ({ value: `**Hint ${m.number}** — ${m.text}`, isTrusted: false, supportHtml: false }))
      next.push({
        range: new monaco.Range(line, 1, line, model.getLineMaxColumn(line)),
        options: {
          isWholeLine: true,
          className: 'hint-line',
          glyphMarginClassName: 'hint-glyph',
          glyphMarginHoverMessage: hover,
          hoverMessage: hover,
          overviewRuler: { color: '#fbbf24', position: monaco.editor.OverviewRulerLane.Right },
          stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
        },
      })
      next.push({
        range: new monaco.Range(line, model.getLineMaxColumn(line), line, model.getLineMaxColumn(line)),
        options: { showIfCollapsed: true, after: { content: `  ◆ ${label}`, inlineClassName: 'hint-after' } },
      })
    }
    editor.updateOptions({ glyphMargin: byLine.size > 0 })
    decorations.set(next)
  }
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(render)
  }
  ytext.observe(schedule)

  return {
    update(next: readonly SentHint[]) {
      hints = next
      schedule()
    },
    dispose() {
      ytext.unobserve(schedule)
      if (frame) cancelAnimationFrame(frame)
      decorations.clear()
    },
  }
}
