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

/** What a round's rows add up to, by participant id (names are looked up when it is shown). */
interface Tally {
  authors: Map<string, { edits: number; firstAt: number; lastAt: number }>
  pastes: { at: number; author: string; chars: number }[]
  longestPause: DebriefActivity['longestPause']
}

interface Options {
  /** Ended rounds whose tally is kept. */
  cacheEntries: number
  /**
   * A round counts as ended for caching once it ended this long ago: rows of its last moments
   * may still be on their way to storage (a batch, or another node's).
   */
  settleMs: number
  now: () => number
}

/**
 * Who edited the code when, in a round (between `from` and `to`), from the update log: edits per
 * author, pastes, and the longest pause. Reads only the round's rows (by time), decodes only
 * updates big enough to hold a paste, and keeps the tally of ended rounds (their rows no longer
 * change) in a bounded cache, so opening a debrief again reads nothing. The code document is
 * what everyone in the room saw, so this holds nothing private.
 */
export class CodeActivity {
  /** Ended rounds' tallies by `room/from/to`, least recently used first. */
  private readonly ended = new Map<string, Tally>()
  private readonly opts: Options

  constructor(private readonly store: Store, opts: Partial<Options> = {}) {
    this.opts = { cacheEntries: 500, settleMs: 10_000, now: Date.now, ...opts }
  }

  async of(roomId: string, from: number, to: number, names: Map<string, string>): Promise<DebriefActivity | null> {
    const settled = Number.isFinite(to) && to + this.opts.settleMs <= this.opts.now()
    const key = `${roomId}/${from}/${to}`
    let tally = settled ? this.ended.get(key) : undefined
    if (tally) {
      this.ended.delete(key)
      this.ended.set(key, tally)
    } else {
      tally = await this.read(roomId, from, to)
      if (settled) {
        this.ended.set(key, tally)
        if (this.ended.size > this.opts.cacheEntries) this.ended.delete(this.ended.keys().next().value!)
      }
    }
    if (tally.authors.size === 0) return null
    const name = (id: string) => names.get(id) ?? (id === 'server' ? 'Nudge' : id.startsWith('api-') ? id.slice(4) : 'Someone')
    return {
      authors: [...tally.authors].map(([id, a]) => ({ name: name(id), ...a })),
      pastes: tally.pastes.map((p) => ({ at: p.at, name: name(p.author), chars: p.chars })),
      longestPause: tally.longestPause,
    }
  }

  private async read(roomId: string, from: number, to: number): Promise<Tally> {
    const tally: Tally = { authors: new Map(), pastes: [], longestPause: null }
    let last: number | null = null
    for (let after = 0; ;) {
      const rows = await this.store.listUpdatesBetween(roomId, 'code', from, to, after, SCAN)
      for (const r of rows) {
        const a = tally.authors.get(r.author)
        if (a) {
          a.edits++
          a.lastAt = Math.max(a.lastAt, r.createdAt)
        } else tally.authors.set(r.author, { edits: 1, firstAt: r.createdAt, lastAt: r.createdAt })
        if (last !== null && r.createdAt - last > (tally.longestPause?.ms ?? 0)) tally.longestPause = { at: last, ms: r.createdAt - last }
        last = Math.max(last ?? r.createdAt, r.createdAt)
        if (r.author !== 'server' && r.data.byteLength >= PASTE_CHARS) {
          const chars = insertedChars(r.data)
          if (chars >= PASTE_CHARS) tally.pastes.push({ at: r.createdAt, author: r.author, chars })
        }
      }
      if (rows.length < SCAN) break
      after = rows.at(-1)!.id
    }
    return tally
  }
}
