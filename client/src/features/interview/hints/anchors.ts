import * as Y from 'yjs'
import type { SentHint } from '@nudge/shared'

/**
 * A hint can point at a line of the shared code. It is sent as a Yjs RelativePosition (base64 of
 * `Y.encodeRelativePosition`) at the start of that line: a CRDT position that names the character
 * itself, not an offset, so it keeps pointing at the same code while anyone edits above it.
 */

/** Index of the first character of 1-based `line` in `text` (clamped to the text). */
export function lineStartIndex(text: string, line: number): number {
  let index = 0
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', index)
    if (nl === -1) return index
    index = nl + 1
  }
  return index
}

/** 1-based line of `index` in `text`. */
export function lineOfIndex(text: string, index: number): number {
  let line = 1
  const end = Math.min(index, text.length)
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) line++
  return line
}

export function toBase64(bytes: Uint8Array): string {
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin)
}

function fromBase64(b64: string): Uint8Array | null {
  try {
    const bin = atob(b64)
    const out = new Uint8Array(bin.length)
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
    return out
  } catch {
    return null
  }
}

/** The anchor for the start of `line` in the shared text, as the wire format wants it. */
export function anchorForLine(ytext: Y.Text, line: number): string {
  const index = lineStartIndex(ytext.toString(), line)
  return toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(ytext, index)))
}

export interface ResolvedAnchor {
  index: number
  /** 1-based line the anchor is on now. */
  line: number
}

/**
 * Where an anchor points in this client's copy now, or null when it can't be resolved (its
 * character was deleted and garbage-collected, or the update holding it hasn't arrived yet).
 */
export function resolveAnchor(b64: string, ytext: Y.Text): ResolvedAnchor | null {
  const bytes = fromBase64(b64)
  const doc = ytext.doc
  if (!bytes || !doc) return null
  try {
    const abs = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(bytes), doc)
    if (!abs || abs.type !== ytext) return null
    return { index: abs.index, line: lineOfIndex(ytext.toString(), abs.index) }
  } catch {
    return null
  }
}

export interface HintMark {
  id: string
  text: string
  line: number
  /** 1-based number of the hint in the round, as the hints list shows it. */
  number: number
}

/** The anchored hints with the line each points at now (unresolvable ones are left out). */
export function hintMarks(hints: readonly SentHint[], ytext: Y.Text): HintMark[] {
  const marks: HintMark[] = []
  hints.forEach((h, i) => {
    if (!h.anchor) return
    const at = resolveAnchor(h.anchor.position, ytext)
    if (at) marks.push({ id: h.id, text: h.text, line: at.line, number: i + 1 })
  })
  return marks
}
