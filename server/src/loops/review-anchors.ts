import * as Y from 'yjs'
import { AppError, DOC, lineColumn } from '@nudge/shared'
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

/*
 * Ranges. A range [from, to) is anchored by two relative positions: `start` names its first
 * character (assoc 0: the position just before it), `end` its last (assoc -1: just after it).
 * Text typed at either edge stays outside, text typed inside is inside; deleting the first or last
 * characters shrinks the range to what is left (Yjs resolves a deleted character's position to
 * where it was), and once every character is deleted both ends meet: the range is gone.
 */

export interface RangeAnchor { start: string; end: string }

const encode = (client: number, clock: number, assoc: number) =>
  Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromJSON({ item: { client, clock }, assoc }))).toString('base64')

/** Anchors of the characters [from, to) of the initial text (to > from). */
export function rangeAnchorsAt(start: { client: number; clock: number }, from: number, to: number): RangeAnchor {
  return { start: encode(start.client, start.clock + from, 0), end: encode(start.client, start.clock + to - 1, -1) }
}

/** Offset of 1-based (line, column) in `text`, or null when the line or column is not in it (the column may be one past the line's end). */
export function offsetOf(text: string, line: number, column: number): number | null {
  const start = lineOffset(text, line)
  if (start === null) return null
  const nl = text.indexOf('\n', start)
  const length = (nl === -1 ? text.length : nl) - start
  return column <= length + 1 ? start + column - 1 : null
}

export interface PlacedRange {
  startLine: number
  startColumn: number
  endLine: number
  endColumn: number
  /** The range's offsets in the code text now. */
  from: number
  to: number
}

function resolve(doc: Y.Doc, b64: string): { index: number; rel: Y.RelativePosition } | null {
  const rel = decodeAnchor(b64)
  // Typed first: a root type not yet asked for by name is a placeholder that getText replaces.
  const text = doc.getText(DOC.text)
  const abs = Y.createAbsolutePositionFromRelativePosition(rel, doc)
  return abs && abs.type === text ? { index: abs.index, rel } : null
}

function place(text: string, from: number, to: number): PlacedRange {
  const s = lineColumn(text, from)
  const e = lineColumn(text, to)
  return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column, from, to }
}

/** Where an anchored range is in the document now, or null once all of its text is deleted. */
export function anchoredRange(doc: Y.Doc, anchor: RangeAnchor): PlacedRange | null {
  const s = resolve(doc, anchor.start)
  const e = resolve(doc, anchor.end)
  if (!s || !e || e.index <= s.index) return null
  return place(doc.getText(DOC.text).toString(), s.index, e.index)
}

/** A comment from before ranges: the whole line its anchor is on now (null once that line's first character is deleted). */
export function anchoredWholeLine(doc: Y.Doc, anchor: string): PlacedRange | null {
  const line = anchoredLine(doc, anchor)
  if (line === null) return null
  const text = doc.getText(DOC.text).toString()
  const from = lineOffset(text, line) ?? text.length
  const nl = text.indexOf('\n', from)
  return place(text, from, nl === -1 ? text.length : nl)
}

/**
 * Checks a range a client selected in its copy of the code: both ends name characters (not the
 * text's end) of this document's code that are still there, the start before the end. Throws a
 * BAD_REQUEST that says what is wrong.
 */
export function checkSelection(doc: Y.Doc, anchor: RangeAnchor): PlacedRange {
  const bad = (why: string) => new AppError('BAD_REQUEST', `The selection ${why}`)
  const ends = [anchor.start, anchor.end].map((b64, i) => {
    const rel = decodeAnchor(b64)
    if (!rel.item) throw bad('must be anchored to characters of the code, not to its end.')
    if ((i === 0) !== (rel.assoc >= 0)) throw bad(i === 0 ? 'starts with an anchor meant for an end.' : 'ends with an anchor meant for a start.')
    let item: Y.Item | Y.GC
    try {
      item = Y.getItem(doc.store, rel.item)
    } catch {
      throw bad('is not in the review room\'s code (edits that were not saved yet?).')
    }
    if (item.deleted) throw bad('was deleted meanwhile.')
    return resolve(doc, b64)
  })
  const [s, e] = ends
  if (!s || !e) throw bad('is not in the review room\'s code.')
  if (e.index <= s.index) throw bad('ends before it starts: select at least one character.')
  return place(doc.getText(DOC.text).toString(), s.index, e.index)
}
