import * as Y from 'yjs'

/**
 * Ctrl+Z must only undo what this user typed (y-monaco #9, firepad #398). The binding applies
 * local editor changes to Yjs with itself as the transaction origin; remote updates arrive with
 * the provider as origin and the undo manager's own undo/redo with the manager. Tracking only
 * the binding leaves everyone else's edits alone.
 */
export function createLocalUndoManager(ytext: Y.Text, localOrigin: object): Y.UndoManager {
  return new Y.UndoManager(ytext, { trackedOrigins: new Set([localOrigin]), captureTimeout: 500 })
}

/** Origin used when a stray CR is removed; not tracked, so the fix itself is never "undone". */
export const EOL_FIX_ORIGIN = 'nudge:eol-fix'

/**
 * Removes every CR from the shared text (CRLF → LF, lone CR → LF). Returns how many were
 * removed. Only needed when something outside Nudge's editor wrote CRs; the editor's own model
 * is LF-only, so its edits never contain one.
 */
export function stripCarriageReturns(ytext: Y.Text, origin: unknown = EOL_FIX_ORIGIN): number {
  const value = ytext.toString()
  if (value.indexOf('\r') === -1) return 0
  let removed = 0
  ytext.doc!.transact(() => {
    // Right to left so earlier indices stay valid while deleting.
    for (let i = value.length - 1; i >= 0; i--) {
      if (value[i] !== '\r') continue
      if (value[i + 1] === '\n') {
        ytext.delete(i, 1)
      } else {
        ytext.delete(i, 1)
        ytext.insert(i, '\n')
      }
      removed++
    }
  }, origin)
  return removed
}
