import * as Y from 'yjs'

export type StateVector = Map<number, number>

/**
 * "All changes saved" holds when, for every client that contributed to the local document,
 * the server has durably stored at least as many of its operations as we have. Checking every
 * client (not only our current clientID) matters: edits made offline in an earlier session of
 * this browser carry an older clientID and must be stored too.
 */
export function isCoveredBy(local: StateVector, durable: StateVector): boolean {
  for (const [client, clock] of local) {
    if ((durable.get(client) ?? 0) < clock) return false
  }
  return true
}

/** Durable state only grows; a stale or reordered message must not make it shrink. */
export function mergeMax(a: StateVector, b: StateVector): StateVector {
  const out = new Map(a)
  for (const [client, clock] of b) {
    if ((out.get(client) ?? 0) < clock) out.set(client, clock)
  }
  return out
}

export const localStateVector = (doc: Y.Doc): StateVector => Y.decodeStateVector(Y.encodeStateVector(doc))

export function encodeSV(sv: StateVector): string {
  return JSON.stringify([...sv.entries()])
}

export function decodeSV(text: string | null): StateVector | null {
  if (!text) return null
  try {
    const raw: unknown = JSON.parse(text)
    if (!Array.isArray(raw)) return null
    const out: StateVector = new Map()
    for (const entry of raw) {
      if (!Array.isArray(entry) || entry.length !== 2) return null
      const [client, clock] = entry as unknown[]
      if (!Number.isSafeInteger(client) || !Number.isSafeInteger(clock)) return null
      out.set(client as number, clock as number)
    }
    return out
  } catch {
    return null
  }
}
