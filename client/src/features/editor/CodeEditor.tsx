import { useEffect, useRef, useState } from 'react'
import type { Language, ReviewComment, SentHint } from '@nudge/shared'
import { bindEditor } from '../../collab/binding.ts'
import { editorTheme, monaco, startLanguageService } from '../../collab/monaco.ts'
import type { CollabSession } from '../../collab/session.ts'
import { attachHintDecorations } from '../interview/hints/editorAnchors.ts'
import type { EditorHandle, EditorSelection } from './editorHandle.ts'
import { attachReviewDecorations } from '../loops/reviewDecorations.ts'
import { attachKeyboardExit } from './keyboardExit.ts'
import { useRemoteCursorStyles } from './useRemoteCursorStyles.ts'

export interface CodeEditorProps {
  session: CollabSession
  readOnly: boolean
  language: Language | null
  /** Shows a message when an edit is refused locally (e.g. a paste over the size limit). */
  onRefused?: (message: string) => void
  /** Hints of the round; the anchored ones are marked on their lines. */
  hints?: readonly SentHint[]
  /** Receives a handle to the editor once it exists (and null when it goes away). */
  onReady?: (handle: EditorHandle | null) => void
  /** A loop review room's comments this viewer may see: marked on their ranges. */
  reviewComments?: readonly ReviewComment[]
}

function selectionOf(editor: monaco.editor.IStandaloneCodeEditor): EditorSelection | null {
  const sel = editor.getSelection()
  const model = editor.getModel()
  if (!sel || !model || sel.isEmpty()) return null
  return {
    startLine: sel.startLineNumber, startColumn: sel.startColumn, endLine: sel.endLineNumber, endColumn: sel.endColumn,
    from: model.getOffsetAt(sel.getStartPosition()), to: model.getOffsetAt(sel.getEndPosition()),
  }
}

/**
 * Uncontrolled Monaco editor bound to the session's Y.Text. The editor, its model and the
 * binding live exactly as long as this component (or until the session changes).
 */
export default function CodeEditor({ session, readOnly, language, onRefused, hints, onReady, reviewComments }: CodeEditorProps) {
  const refusedRef = useRef(onRefused)
  const readyRef = useRef(onReady)
  useEffect(() => {
    refusedRef.current = onRefused
    readyRef.current = onReady
  })
  const hintsRef = useRef<ReturnType<typeof attachHintDecorations> | null>(null)
  const reviewRef = useRef<ReturnType<typeof attachReviewDecorations> | null>(null)
  const host = useRef<HTMLDivElement>(null)
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null)
  const [keyboardFocus, setKeyboardFocus] = useState(false)

  useEffect(() => {
    const el = host.current
    if (!el) return
    const model = monaco.editor.createModel('', language ?? 'plaintext')
    model.setEOL(monaco.editor.EndOfLineSequence.LF)
    const editor = monaco.editor.create(el, {
      model,
      theme: editorTheme(),
      readOnly,
      readOnlyMessage: { value: 'You are observing: the editor is read-only.' },
      ariaLabel: `${readOnly ? 'Shared code (read-only)' : 'Shared code editor'}. Press Escape then Tab to leave it.`,
      automaticLayout: true,
      fontFamily: "'JetBrains Mono', 'Fira Code', ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      fontSize: 14,
      lineHeight: 22,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      tabSize: 2,
      renderLineHighlight: 'line',
      padding: { top: 12, bottom: 12 },
      smoothScrolling: true,
      fixedOverflowWidgets: true,
      // Monaco dims the number of the line after a final newline below readable contrast.
      renderFinalNewline: 'on',
    })
    editorRef.current = editor
    const bound = bindEditor(editor, session.text, session.awareness, {
      readOnly,
      onRefused: (m) => refusedRef.current?.(m),
    })
    const marks = attachHintDecorations(editor, session.text)
    const review = attachReviewDecorations(editor, session.text)
    reviewRef.current = review
    const detachExit = attachKeyboardExit(editor, { Escape: monaco.KeyCode.Escape, Tab: monaco.KeyCode.Tab }, el, setKeyboardFocus)
    // Completions, hovers and diagnostics start with the first key or click in the editor (#14.12).
    const wantLanguageService = [editor.onKeyDown(startLanguageService), editor.onMouseDown(startLanguageService)]
    hintsRef.current = marks
    const handle: EditorHandle = {
      cursorLine: () => editor.getPosition()?.lineNumber ?? null,
      onCursorLine: (listener) => {
        const d = editor.onDidChangeCursorPosition((e) => listener(e.position.lineNumber))
        return () => d.dispose()
      },
      revealLine: (line) => {
        editor.revealLineInCenter(line)
        editor.setPosition({ lineNumber: line, column: 1 })
        editor.focus()
      },
      selection: () => selectionOf(editor),
      onSelection: (listener) => {
        const d = editor.onDidChangeCursorSelection(() => listener(selectionOf(editor)))
        return () => d.dispose()
      },
      revealRange: (r) => {
        const range = new monaco.Range(r.startLine, r.startColumn, r.endLine, r.endColumn)
        editor.revealRangeInCenterIfOutsideViewport(range)
        editor.setSelection(range)
        editor.focus()
      },
      onCommentRequest: (listener) => {
        const action = editor.addAction({
          id: 'nudge.review.comment',
          label: 'Comment on the selection',
          keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyMod.Alt | monaco.KeyCode.KeyC],
          contextMenuGroupId: 'navigation',
          run: () => listener(),
        })
        return () => action.dispose()
      },
    }
    readyRef.current?.(handle)
    return () => {
      readyRef.current?.(null)
      detachExit()
      for (const d of wantLanguageService) d.dispose()
      marks.dispose()
      hintsRef.current = null
      review.dispose()
      reviewRef.current = null
      bound.dispose()
      editorRef.current = null
      editor.dispose()
      model.dispose()
    }
    // The language is applied by the effect below without rebuilding the editor. A role change
    // (readOnly) rebuilds it: the binding's undo manager and paste handling depend on it.
  }, [session, readOnly])

  useEffect(() => {
    const model = editorRef.current?.getModel()
    if (model && language && model.getLanguageId() !== language) monaco.editor.setModelLanguage(model, language)
  }, [language, session, readOnly])

  useEffect(() => {
    hintsRef.current?.update(hints ?? [])
  }, [hints, session, readOnly])

  useEffect(() => {
    reviewRef.current?.update(reviewComments ?? [])
  }, [reviewComments, session, readOnly])

  useRemoteCursorStyles(session)

  return (
    <>
      <div ref={host} className="code-editor" data-testid="code-editor" />
      {keyboardFocus && (
        <p className="editor-keyboard-hint" data-testid="editor-keyboard-hint">
          <kbd>Esc</kbd> then <kbd>Tab</kbd> leaves the editor · <kbd>Ctrl</kbd>+<kbd>M</kbd>: Tab always moves focus
        </p>
      )}
    </>
  )
}
