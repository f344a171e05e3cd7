/**
 * What the rest of the room may do with the editor without importing Monaco (which lives in the
 * editor's own lazily loaded chunk): read the caret's line, follow it, and scroll to a line.
 */
export interface EditorHandle {
  /** 1-based line of the caret (kept while focus is elsewhere), or null without a model. */
  cursorLine(): number | null
  onCursorLine(listener: (line: number) => void): () => void
  /** Scrolls `line` into view, puts the caret there and focuses the editor. */
  revealLine(line: number): void
}
