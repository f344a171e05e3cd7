import * as Y from 'yjs'
import { BOARD, type BoardContent } from '@nudge/shared'

/**
 * The board's content in a replayed board document: live elements in z-order and the files they
 * use (what the server's readBoard returns for the live board). Null when nothing was drawn yet.
 */
export function boardAt(doc: Y.Doc): BoardContent | null {
  const map = doc.getMap<unknown>(BOARD.elements)
  const elements: BoardContent['elements'] = []
  for (const [id, value] of map) {
    const el = (value instanceof Y.AbstractType ? value.toJSON() : value) as BoardContent['elements'][number] | null
    if (el && typeof el === 'object' && el.id === id && !el.isDeleted) elements.push(el)
  }
  if (elements.length === 0) return null
  const key = (e: { index?: unknown }) => (typeof e.index === 'string' ? e.index : '')
  elements.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : 1))
  const files: BoardContent['files'] = {}
  for (const [id, value] of doc.getMap<unknown>(BOARD.files)) {
    files[id] = (value instanceof Y.AbstractType ? value.toJSON() : value) as BoardContent['files'][string]
  }
  return { elements, files }
}
