import * as Y from 'yjs'
import { DOC } from '@nudge/shared'
import { anchorLine, decodeAnchor } from '../interview/document.ts'

/**
 * Anchors for review comments. A review room's code document starts as one server update that
 * inserts the submitted text; every character of it keeps its Yjs id (client, clock) whatever is
 * edited later. A comment on a line of the submission is anchored to the id of that line's first
 * character, so it follows the line through the live review, and resolves to null once the line
 * is deleted.
 */

/** The id of the first character the initial update inserted into the code text, or null if it inserted none. */
export function initialTextStart(initial: Uint8Array): { client: number; clock: number } | null {
  const { structs } = Y.decodeUpdate(initial)
  for (const s of structs) {
    if (!(s instanceof Y.Item) || s.parentSub !== null) continue
    // A decoded update names a root type's items' parent by its key.
    if ((s.parent as unknown) !== DOC.text) continue
    if (!(s.content instanceof Y.ContentString)) continue
    return { client: s.id.client, clock: s.id.clock }
  }
  return null
}

/** Offset of the first character of 1-based `line` in `text`, or null past the end. */
export function lineOffset(text: string, line: number): number | null {
  let offset = 0
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset)
    if (nl === -1) return null
    offset = nl + 1
  }
  return offset < text.length || (offset === text.length && line === 1) ? offset : null
}

/** A relative position (base64) at character `offset` of the initial text. */
export function anchorAt(start: { client: number; clock: number }, offset: number): string {
  const rel = Y.createRelativePositionFromJSON({ item: { client: start.client, clock: start.clock + offset }, assoc: 0 })
  return Buffer.from(Y.encodeRelativePosition(rel)).toString('base64')
}

/** The 1-based line an anchor's character is on now, or null once that character was deleted. */
export function anchoredLine(doc: Y.Doc, anchor: string): number | null {
  const rel = decodeAnchor(anchor)
  if (rel.item) {
    try {
      if (Y.getItem(doc.store, rel.item).deleted) return null
    } catch {
      return null // not in this document
    }
  }
  return anchorLine(doc, rel)
}
