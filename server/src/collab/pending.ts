import * as Y from 'yjs'

/**
 * Yjs "pending" state: structs and deletions received before what they depend on. Yjs keeps it
 * encoded in `doc.store` until the dependencies arrive, which for a hostile client is never.
 * These helpers measure it, drop it, and encode a document without it.
 */

export interface PendingSize {
  bytes: number
  structs: number
}

const structCounts = new WeakMap<Uint8Array, number>()

export function pendingSize(doc: Y.Doc): PendingSize {
  const { pendingStructs, pendingDs } = doc.store
  let bytes = pendingDs?.byteLength ?? 0
  let structs = 0
  if (pendingStructs) {
    const update = pendingStructs.update
    bytes += update.byteLength
    // Counting decodes the update: done once per pending blob (Yjs replaces it when it changes).
    let n = structCounts.get(update)
    if (n === undefined) {
      n = Y.decodeUpdateV2(update).structs.length
      structCounts.set(update, n)
    }
    structs = n
  }
  return { bytes, structs }
}

export function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null
}

/** Forgets pending state. Nothing of it was integrated, broadcast or stored, so nothing else changes. */
export function dropPending(doc: Y.Doc): void {
  doc.store.pendingStructs = null
  doc.store.pendingDs = null
}

/**
 * `Y.encodeStateAsUpdate` without pending state: what joiners download, what snapshots store and
 * what the size cap measures is the document's integrated content only. Pending state is
 * detached for the synchronous encode and put back, so it can still resolve later.
 */
export function encodeIntegrated(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  if (!hasPending(doc)) return Y.encodeStateAsUpdate(doc, stateVector)
  const { pendingStructs, pendingDs } = doc.store
  dropPending(doc)
  try {
    return Y.encodeStateAsUpdate(doc, stateVector)
  } finally {
    doc.store.pendingStructs = pendingStructs
    doc.store.pendingDs = pendingDs
  }
}
