import * as Y from 'yjs'
import { AppError, DOC } from '@nudge/shared'

/** Server access to a room's live document (CollabRooms implements it). */
export interface Documents {
  /** Runs `fn` in one transaction with origin 'server'; changes are stored and broadcast. */
  withDocument<T>(roomId: string, fn: (doc: Y.Doc) => T): Promise<T>
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
