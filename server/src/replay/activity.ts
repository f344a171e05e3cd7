import * as Y from 'yjs'
import { PASTE_CHARS, type DebriefActivity } from '@nudge/shared'
import type { Store } from '../store/types.ts'

/** Rows read per storage query. */
const SCAN = 10_000

/** Characters of text an update inserts. */
function insertedChars(update: Uint8Array): number {
  let n = 0
  for (const s of Y.decodeUpdate(update).structs) {
    if (s instanceof Y.Item && s.content instanceof Y.ContentString) n += s.content.str.length
  }
  return n
}

/**
 * Who edited the code when, between `from` and `to` (a round), read from the update log: edits
 * per author, pastes, and the longest pause. Only updates big enough to hold a paste are decoded.
 * The code document is what everyone in the room saw, so this holds nothing private.
 */
export async function codeActivity(store: Store, roomId: string, from: number, to: number, names: Map<string, string>): Promise<DebriefActivity | null> {
  const authors = new Map<string, DebriefActivity['authors'][number]>()
  const pastes: DebriefActivity['pastes'] = []
  let last: number | null = null
  let longestPause: DebriefActivity['longestPause'] = null
  const name = (id: string) => names.get(id) ?? (id === 'server' ? 'Nudge' : id.startsWith('api-') ? id.slice(4) : 'Someone')
  for (let after = 0; ;) {
    const rows = await store.listUpdates(roomId, 'code', after, SCAN)
    for (const r of rows) {
      if (r.createdAt < from || r.createdAt > to) continue
      const a = authors.get(r.author)
      if (a) {
        a.edits++
        a.lastAt = Math.max(a.lastAt, r.createdAt)
      } else authors.set(r.author, { name: name(r.author), edits: 1, firstAt: r.createdAt, lastAt: r.createdAt })
      if (last !== null && r.createdAt - last > (longestPause?.ms ?? 0)) longestPause = { at: last, ms: r.createdAt - last }
      last = Math.max(last ?? r.createdAt, r.createdAt)
      if (r.author !== 'server' && r.data.byteLength >= PASTE_CHARS) {
        const chars = insertedChars(r.data)
        if (chars >= PASTE_CHARS) pastes.push({ at: r.createdAt, name: name(r.author), chars })
      }
    }
    if (rows.length < SCAN) break
    after = rows.at(-1)!.id
  }
  if (authors.size === 0) return null
  return { authors: [...authors.values()], pastes, longestPause }
}
