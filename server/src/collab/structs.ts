import * as Y from 'yjs'

/**
 * Counting what a document's memory and CPU grow with: its structs (items and tombstones), not
 * its encoded bytes. A fragmented document (one item per character, never merged) is ~10 bytes
 * per item on the wire but ~200 bytes of heap, and loading or encoding it walks every item.
 */

/** Structs in a document's store, pending ones excluded. O(number of client ids). */
export function countStructs(doc: Y.Doc): number {
  let n = 0
  for (const structs of doc.store.clients.values()) n += structs.length
  return n
}

/**
 * A cheap upper bound of the structs one V1 update can add, from its length alone: an item
 * takes at least ~4 encoded bytes and adds at most 3 structs (itself plus splitting the items
 * at its two origins); a deleted range takes at least 2 bytes and splits at most 2 items.
 */
export function cheapStructBound(update: Uint8Array): number {
  return update.byteLength * 2
}

/** A tighter upper bound, by decoding the update (only worth it near the cap). */
export function decodedStructBound(update: Uint8Array): number {
  const { structs, ds } = Y.decodeUpdate(update)
  let ranges = 0
  for (const items of ds.clients.values()) ranges += items.length
  return structs.length * 3 + ranges * 2
}
