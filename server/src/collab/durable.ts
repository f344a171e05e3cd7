import * as Y from 'yjs'

/** [client, fromClock, toClock) ranges of Yjs structs, as written to storage. */
export type StoredRanges = [client: number, from: number, to: number][]

/** The struct ranges an update carries, without the gaps (Skip structs) a merged update may hold. */
export function rangesOf(update: Uint8Array): StoredRanges {
  const out: StoredRanges = []
  for (const s of Y.decodeUpdate(update).structs) {
    if (s instanceof Y.Skip) continue
    const last = out.at(-1)
    if (last && last[0] === s.id.client && last[2] === s.id.clock) last[2] += s.length
    else out.push([s.id.client, s.id.clock, s.id.clock + s.length])
  }
  return out
}

/**
 * What is stored of a room's document, as a state vector. With one node, "everything the doc
 * holds when a batch is cut" was stored by that batch; with several, the doc also holds other
 * nodes' updates that they may not have stored yet, so the durable state vector is built from
 * the ranges actually written — by this node's batches and by other nodes' "stored" notices.
 * Only ranges contiguous from clock 0 count; others wait until the gap before them is filled.
 */
export class DurableClock {
  private readonly clock = new Map<number, number>()
  private readonly waiting = new Map<number, [number, number][]>()

  /** Starts from a state vector known to be stored (the document as loaded from storage). */
  reset(stateVector: Map<number, number>): void {
    for (const [client, clock] of stateVector) this.advance(client, clock)
  }

  /** Records stored ranges; returns true if the durable state vector moved. */
  add(ranges: StoredRanges): boolean {
    let moved = false
    for (const [client, from, to] of ranges) {
      const have = this.clock.get(client) ?? 0
      if (to <= have) continue
      if (from <= have) {
        this.advance(client, to)
        moved = true
      } else {
        const w = this.waiting.get(client) ?? []
        w.push([from, to])
        this.waiting.set(client, w)
      }
    }
    return moved
  }

  private advance(client: number, to: number): void {
    let have = Math.max(this.clock.get(client) ?? 0, to)
    const w = this.waiting.get(client)
    if (w) {
      // Earlier-out-of-order ranges that now touch the contiguous prefix join it.
      w.sort((a, b) => a[0] - b[0])
      const rest = w.filter(([from, end]) => {
        if (from > have) return true
        have = Math.max(have, end)
        return false
      })
      if (rest.length) this.waiting.set(client, rest)
      else this.waiting.delete(client)
    }
    this.clock.set(client, have)
  }

  /** True when every struct in `stateVector` is stored. */
  covers(stateVector: Map<number, number>): boolean {
    for (const [client, clock] of stateVector) if ((this.clock.get(client) ?? 0) < clock) return false
    return true
  }

  get stateVector(): Map<number, number> {
    return new Map(this.clock)
  }

  encode(): Uint8Array {
    return Y.encodeStateVector(this.clock)
  }
}
