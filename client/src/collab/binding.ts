import { MonacoBinding } from 'y-monaco'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { normalizeEol } from '../lib/eol.ts'
import { pasteRefusal } from './limits.ts'
import { monaco } from './monaco.ts'
import { createLocalUndoManager, stripCarriageReturns } from './undo.ts'

type Editor = monaco.editor.IStandaloneCodeEditor

/** Editors that currently have a binding; binding one twice would apply every edit twice. */
const bound = new WeakSet<Editor>()

export interface EditorBinding {
  binding: MonacoBinding
  undoManager: Y.UndoManager | null
  dispose(): void
}

/**
 * Binds one editor to the shared text. Yjs is the source of truth (the editor is uncontrolled),
 * the model is LF-only, pasted CRs are stripped, and undo/redo go to a per-user UndoManager.
 */
export function bindEditor(
  editor: Editor,
  ytext: Y.Text,
  awareness: Awareness,
  { readOnly, onRefused }: { readOnly: boolean; onRefused?: (message: string) => void },
): EditorBinding {
  if (bound.has(editor)) throw new Error('This editor is already bound to a document')
  const model = editor.getModel()
  if (!model) throw new Error('The editor has no model')
  bound.add(editor)
  const disposables: monaco.IDisposable[] = []

  // Text written by something other than this editor could contain CRs; heal it before binding
  // (an observer cannot write, so it relies on the editors in the room to do this).
  if (!readOnly) stripCarriageReturns(ytext)
  model.setEOL(monaco.editor.EndOfLineSequence.LF)
  const binding = new MonacoBinding(ytext, model, new Set([editor]), awareness)
  model.setEOL(monaco.editor.EndOfLineSequence.LF)

  // Safety net: if the model and the shared text ever disagree in length (a remote CR the model
  // normalised away), re-read the text, inside the binding's mutex so it isn't echoed back.
  const onAfterTransaction = (tr: Y.Transaction) => {
    if (tr.origin === binding) return
    if (model.isDisposed() || model.getValueLength() === ytext.length) return
    queueMicrotask(() => {
      if (model.isDisposed()) return
      if (!readOnly) stripCarriageReturns(ytext)
      binding.mux(() => {
        model.setValue(ytext.toString())
        model.setEOL(monaco.editor.EndOfLineSequence.LF)
      })
    })
  }
  ytext.doc!.on('afterTransaction', onAfterTransaction)

  let undoManager: Y.UndoManager | null = null
  if (!readOnly) {
    undoManager = createLocalUndoManager(ytext, binding)
    const um = undoManager
    const { KeyMod, KeyCode } = monaco
    // addCommand overrides Monaco's own undo, whose stack would also revert remote edits.
    editor.addCommand(KeyMod.CtrlCmd | KeyCode.KeyZ, () => void um.undo())
    editor.addCommand(KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.KeyZ, () => void um.redo())
    editor.addCommand(KeyMod.CtrlCmd | KeyCode.KeyY, () => void um.redo())
    disposables.push(
      editor.addAction({ id: 'nudge.undo', label: 'Undo my last edit', run: () => void um.undo() }),
      editor.addAction({ id: 'nudge.redo', label: 'Redo my last edit', run: () => void um.redo() }),
    )
  }

  // Pasted text: refused when too large to send, CRLF → LF before it reaches the model. Monaco's
  // own paste controller listens in the capture phase on the editor's container and stops the
  // event, so this listener sits above it, on the window, and filters by target.
  const container = editor.getContainerDomNode()
  const onPaste = (e: ClipboardEvent) => {
    if (!(e.target instanceof Node) || !container.contains(e.target)) return
    const text = e.clipboardData?.getData('text/plain')
    if (readOnly || text === undefined) return
    const refusal = pasteRefusal(text.length, ytext.length)
    if (refusal) {
      e.preventDefault()
      e.stopPropagation()
      onRefused?.(refusal)
      return
    }
    if (text.indexOf('\r') === -1) return
    e.preventDefault()
    e.stopPropagation()
    const clean = normalizeEol(text)
    const selections = editor.getSelections() ?? []
    editor.pushUndoStop()
    editor.executeEdits('paste', selections.map((range) => ({ range, text: clean, forceMoveMarkers: true })))
    editor.pushUndoStop()
  }
  window.addEventListener('paste', onPaste, true)

  return {
    binding,
    undoManager,
    dispose() {
      window.removeEventListener('paste', onPaste, true)
      ytext.doc?.off('afterTransaction', onAfterTransaction)
      for (const d of disposables) d.dispose()
      undoManager?.destroy()
      binding.destroy()
      awareness.setLocalStateField('selection', null)
      bound.delete(editor)
    },
  }
}
