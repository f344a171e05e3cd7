import * as Y from 'yjs'
import { AppError, BOARD, BoardElement, BoardFile, DOC, type BoardContent, type DocName } from '@nudge/shared'

/** Server access to a room's live documents (collab/collab.ts implements it). */
export interface Documents {
  /**
   * Runs `fn` on the room's document `name` (default `code`) in one transaction with origin
   * 'server'; changes are stored and broadcast.
   */
  withDocument<T>(roomId: string, fn: (doc: Y.Doc) => T, name?: DocName): Promise<T>
}

export interface Code {
  text: string
  language: string
}

export const readCode = (doc: Y.Doc): Code => ({
  text: doc.getText(DOC.text).toString(),
  language: String(doc.getMap(DOC.meta).get('language') ?? 'javascript'),
})

/** Replaces the editor's text (a server edit, like any other CRDT change). Returns true if it changed. */
export function replaceCode(doc: Y.Doc, next: string): boolean {
  const text = doc.getText(DOC.text)
  const normalized = next.replace(/\r\n?/g, '\n')
  if (text.toString() === normalized) return false
  text.delete(0, text.length)
  if (normalized) text.insert(0, normalized)
  return true
}

/** Decodes a base64 Yjs RelativePosition; BAD_REQUEST if it is not one. */
export function decodeAnchor(b64: string): Y.RelativePosition {
  try {
    const rel = Y.decodeRelativePosition(new Uint8Array(Buffer.from(b64, 'base64')))
    if (!rel || (rel.item === null && rel.type === null && rel.tname === null)) throw new Error('empty')
    // Resolving a root type by name would create it in the server's document; only `code` is allowed.
    if (rel.tname !== null && rel.tname !== DOC.text) throw new Error('not the code text')
    return rel
  } catch {
    throw new AppError('BAD_REQUEST', 'The anchor is not a Yjs relative position.')
  }
}

/** The 1-based line a relative position points at in the `code` text now, or null. */
export function anchorLine(doc: Y.Doc, rel: Y.RelativePosition): number | null {
  const text = doc.getText(DOC.text)
  const abs = Y.createAbsolutePositionFromRelativePosition(rel, doc)
  if (!abs || abs.type !== text) return null
  return text.toString().slice(0, abs.index).split('\n').length
}

/**
 * The board's content from a room's `board` document: live (not deleted) elements in Excalidraw's
 * z-order and the image files they use. Null when no element was ever drawn. Entries that are not
 * elements (a hostile client may write anything the document's size cap allows) are skipped.
 */
export function readBoard(doc: Y.Doc): BoardContent | null {
  const map = doc.getMap<unknown>(BOARD.elements)
  if (map.size === 0) return null
  const elements: BoardElement[] = []
  for (const [id, value] of map) {
    const el = BoardElement.safeParse(value instanceof Y.AbstractType ? value.toJSON() : value)
    if (el.success && el.data.id === id && !el.data.isDeleted) elements.push(el.data)
  }
  // Fractional indices compare as plain strings (not locale order); the id breaks ties.
  const key = (e: BoardElement) => e.index ?? ''
  elements.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const used = new Set(elements.map((e) => (typeof e.fileId === 'string' ? e.fileId : null)).filter((f) => f !== null))
  const files: Record<string, BoardFile> = {}
  for (const [id, value] of doc.getMap<unknown>(BOARD.files)) {
    if (!used.has(id)) continue
    const f = BoardFile.safeParse(value instanceof Y.AbstractType ? value.toJSON() : value)
    if (f.success && f.data.id === id) files[id] = f.data
  }
  return { elements, files }
}
