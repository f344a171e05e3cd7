import * as Y from 'yjs'
import { DOC, PASTE_CHARS } from '@nudge/shared'

/** One stored update, at its server time (ms since epoch), with the participant who wrote it. */
export interface TimedUpdate {
  at: number
  author: string
  data: Uint8Array
}

/** A run of text written by one author, in document order. */
export interface Segment {
  text: string
  author: string
}

/** Updates between keyframes: a seek applies at most this many on top of a keyframe. */
export const KEYFRAME_EVERY = 100
export { PASTE_CHARS }

/**
 * A document's history, rebuilt from the update log (issue #18). Updates are applied in order to
 * a builder `Y.Doc` as they load; every `every` updates its state is kept as a keyframe
 * (`Y.encodeStateAsUpdate`), so the document at any time t is one keyframe plus fewer than `every`
 * updates away. Yjs snapshots are not needed (they would need garbage collection turned off).
 *
 * Times are kept non-decreasing: with several server nodes two rows can be stored a few ms out of
 * order; a later row is placed at its predecessor's time (Yjs applies updates in any order, so the
 * document reached is the same).
 */
export class DocHistory {
  readonly updates: TimedUpdate[] = []
  /** Characters inserted by each update (code document only; 0 for others). */
  readonly inserted: number[] = []
  /** Yjs client id → author, learnt from the updates (a client id belongs to one browser tab). */
  readonly clients = new Map<number, string>()
  private readonly keyframes: { count: number; state: Uint8Array }[] = []
  private readonly builder = new Y.Doc()
  private cursor: { doc: Y.Doc; count: number } | null = null

  constructor(base: Uint8Array | null, private readonly every = KEYFRAME_EVERY) {
    if (base && base.byteLength > 0) {
      Y.applyUpdate(this.builder, base)
      this.learnClients(base, '')
    }
    this.keyframes.push({ count: 0, state: Y.encodeStateAsUpdate(this.builder) })
  }

  /** Appends a page of updates (oldest first). */
  append(batch: readonly TimedUpdate[]): void {
    for (const u of batch) {
      const last = this.updates.at(-1)
      const at = last && u.at < last.at ? last.at : u.at
      this.updates.push(at === u.at ? u : { ...u, at })
      this.inserted.push(insertedChars(u.data))
      this.learnClients(u.data, u.author)
      Y.applyUpdate(this.builder, u.data)
      if (this.updates.length % this.every === 0) this.keyframes.push({ count: this.updates.length, state: Y.encodeStateAsUpdate(this.builder) })
    }
  }

  /** How many updates happened at or before `t` (ms since epoch). */
  countAt(t: number): number {
    let lo = 0
    let hi = this.updates.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.updates[mid]!.at <= t) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /**
   * The document after the first `count` updates. Moving forward a little applies the updates in
   * between to the current document; anything else starts from the nearest keyframe. The returned
   * document is owned by the history: read it, do not keep it.
   */
  docAfter(count: number): Y.Doc {
    const c = this.cursor
    if (c && count >= c.count && count - c.count < this.every) {
      const gap = this.updates.slice(c.count, count).map((u) => u.data)
      if (gap.length > 0) Y.applyUpdate(c.doc, gap.length === 1 ? gap[0]! : Y.mergeUpdates(gap))
      c.count = count
      return c.doc
    }
    let k = this.keyframes.length - 1
    while (k > 0 && this.keyframes[k]!.count > count) k--
    const key = this.keyframes[k]!
    const doc = new Y.Doc()
    // The keyframe as it is, then the updates after it merged into one: one merged update applies
    // far faster than many small ones (one transaction, one integration pass), and leaving the
    // keyframe out of the merge spares re-encoding the whole document.
    Y.applyUpdate(doc, key.state)
    const rest = this.updates.slice(key.count, count).map((u) => u.data)
    if (rest.length > 0) Y.applyUpdate(doc, rest.length === 1 ? rest[0]! : Y.mergeUpdates(rest))
    this.cursor?.doc.destroy()
    this.cursor = { doc, count }
    return doc
  }

  docAt(t: number): Y.Doc {
    return this.docAfter(this.countAt(t))
  }

  /** The full replay without keyframes: the reference the keyframe path is tested against. */
  slowDocAfter(base: Uint8Array | null, count: number): Y.Doc {
    const doc = new Y.Doc()
    if (base && base.byteLength > 0) Y.applyUpdate(doc, base)
    for (let i = 0; i < count; i++) Y.applyUpdate(doc, this.updates[i]!.data)
    return doc
  }

  destroy(): void {
    this.cursor?.doc.destroy()
    this.cursor = null
    this.builder.destroy()
  }

  private learnClients(update: Uint8Array, author: string): void {
    const meta = Y.parseUpdateMeta(update)
    for (const [client, clock] of meta.to) {
      if (clock > (meta.from.get(client) ?? 0) && !this.clients.has(client)) this.clients.set(client, author)
    }
  }
}

/** Characters of text an update inserts (a large one from one person is a paste). */
function insertedChars(update: Uint8Array): number {
  let n = 0
  for (const s of Y.decodeUpdate(update).structs) {
    if (s instanceof Y.Item && s.content instanceof Y.ContentString) n += s.content.str.length
  }
  return n
}

/** The code text of a document as runs by author ('' when the author is unknown: before the round). */
export function authoredSegments(doc: Y.Doc, clients: ReadonlyMap<number, string>): Segment[] {
  const out: Segment[] = []
  let item = doc.getText(DOC.text)._start
  while (item) {
    if (!item.deleted && item.content instanceof Y.ContentString) {
      const author = clients.get(item.id.client) ?? ''
      const last = out.at(-1)
      if (last && last.author === author) last.text += item.content.str
      else out.push({ text: item.content.str, author })
    }
    item = item.right
  }
  return out
}

export const codeText = (doc: Y.Doc): string => doc.getText(DOC.text).toString()
export const codeLanguage = (doc: Y.Doc): string => String(doc.getMap(DOC.meta).get('language') ?? 'javascript')
