import type { monaco as Monaco } from '../../collab/monaco.ts'

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/** Focuses the next (or previous) focusable element of the page outside `container`. */
export function focusOutside(container: HTMLElement, backwards: boolean): boolean {
  const outside = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => {
    if (container.contains(el) || el.getClientRects().length === 0 || el.closest('[hidden], [inert]')) return false
    const pos = container.compareDocumentPosition(el)
    return backwards ? pos & Node.DOCUMENT_POSITION_PRECEDING : pos & Node.DOCUMENT_POSITION_FOLLOWING
  })
  const target = backwards ? outside.at(-1) : outside[0]
  target?.focus()
  return target !== undefined
}

/**
 * Tab indents in the editor, so keyboard users need a way out (#14 item 11): Esc then Tab (or
 * Shift+Tab) moves focus to the page around the editor, as in VS Code's convention; Monaco's own
 * Ctrl+M still switches Tab to moving focus for good. `onKeyboardFocus` is told when the editor
 * gains focus from the keyboard (not a click) and when it loses it, to show how to leave.
 */
export function attachKeyboardExit(
  editor: Monaco.editor.IStandaloneCodeEditor,
  keys: { Escape: number; Tab: number },
  host: HTMLElement,
  onKeyboardFocus: (focused: boolean) => void,
): () => void {
  let armed = false
  let pointer = false
  const onPointer = () => {
    pointer = true
  }
  host.addEventListener('pointerdown', onPointer, true)
  const subs = [
    editor.onKeyDown((e) => {
      if (e.keyCode === keys.Escape) {
        armed = true
        return
      }
      if (armed && e.keyCode === keys.Tab && !e.ctrlKey && !e.altKey && !e.metaKey && focusOutside(host, e.shiftKey)) {
        e.preventDefault()
        e.stopPropagation()
      }
      armed = false
    }),
    editor.onDidFocusEditorText(() => {
      armed = false
      if (!pointer) onKeyboardFocus(true)
      pointer = false
    }),
    editor.onDidBlurEditorText(() => {
      pointer = false
      onKeyboardFocus(false)
    }),
  ]
  return () => {
    host.removeEventListener('pointerdown', onPointer, true)
    for (const s of subs) s.dispose()
  }
}
