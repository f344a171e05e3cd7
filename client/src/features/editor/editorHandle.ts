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
  /** The selected code (offsets into the shared text), or null when nothing is selected. */
  selection(): EditorSelection | null
  onSelection(listener: (selection: EditorSelection | null) => void): () => void
  /** Scrolls a range into view, selects it and focuses the editor. */
  revealRange(range: EditorRange): void
  /** Adds the editor's "Comment on the selection" action (Ctrl/Cmd+Alt+C) while subscribed. */
  onCommentRequest(listener: () => void): () => void
}

/** 1-based lines and columns, the end column exclusive (as Monaco counts). */
export interface EditorRange {
  startLine: number
  startColumn: number
  endLine: number
  endColumn: number
}

export interface EditorSelection extends EditorRange {
  /** Offsets of the selection in the shared text (the model is the Y.Text, LF only). */
  from: number
  to: number
}
