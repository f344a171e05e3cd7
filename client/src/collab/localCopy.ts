import { Participant, RoomState, type DocName } from '@nudge/shared'
import { KEYS, type KeyValueStore } from '../lib/storage.ts'
import { decodeSV, encodeSV, type StateVector } from './stateVectors.ts'

/**
 * A room's local copy lives in IndexedDB under a name that includes the document epoch. A copy
 * from another epoch belongs to a document that was reset: it is deleted, never merged, so old
 * content cannot come back as duplicates. The code document keeps its original name; every
 * other document of the room (the board) adds its own suffix.
 */
export const localDbName = (roomId: string, epoch: string, doc: DocName = 'code'): string =>
  doc === 'code' ? `nudge:${roomId}:${epoch}` : `nudge:${roomId}:${epoch}:${doc}`

/** Names among `existing` that are this room's copies (of any document) from other epochs. */
export function staleDbNames(existing: readonly string[], roomId: string, epoch: string): string[] {
  const prefix = `nudge:${roomId}:`
  const keep = localDbName(roomId, epoch)
  return existing.filter((n) => n.startsWith(prefix) && n !== keep && !n.startsWith(`${keep}:`))
}

export async function deleteStaleCopies(roomId: string, epoch: string, previousEpoch: string | null): Promise<void> {
  if (typeof indexedDB === 'undefined') return
  let names: string[] = []
  try {
    names = (await indexedDB.databases()).map((d) => d.name ?? '')
  } catch {
    // Older browsers can't list databases; the epoch we remembered is the one that may exist.
    if (previousEpoch) names = [localDbName(roomId, previousEpoch)]
  }
  for (const name of staleDbNames(names, roomId, epoch)) indexedDB.deleteDatabase(name)
}

/**
 * What we last knew about a room, so a tab reopened without a connection can show the room and
 * its locally kept edits straight away instead of a spinner.
 */
const CachedRoom = RoomState.pick({ room: true, you: true }).extend({ participants: Participant.array() })
export type CachedRoom = Pick<RoomState, 'room' | 'you' | 'participants'>

/**
 * A short fingerprint of the invite the cache was written with (not a secret-preserving hash,
 * just enough to tell links apart): a cache from another role's link must not be used, or an
 * observer's tab would briefly open an editable editor.
 */
export function tokenTag(token: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}

export function readCachedRoom(store: KeyValueStore, roomId: string, token: string): CachedRoom | null {
  try {
    const raw = JSON.parse(store.getItem(KEYS.roomCache(roomId)) ?? 'null') as { tokenTag?: unknown } | null
    if (!raw || raw.tokenTag !== tokenTag(token)) return null
    const parsed = CachedRoom.safeParse(raw)
    return parsed.success && parsed.data.room.id === roomId ? parsed.data : null
  } catch {
    return null
  }
}

export function writeCachedRoom(store: KeyValueStore, token: string, value: CachedRoom): void {
  store.setItem(KEYS.roomCache(value.room.id), JSON.stringify({ ...value, tokenTag: tokenTag(token) }))
}

const durableKey = (roomId: string, doc: DocName): string => (doc === 'code' ? KEYS.durable(roomId) : `${KEYS.durable(roomId)}:${doc}`)

/** The last durable state vector the server reported for this room, epoch and document. */
export function readDurable(store: KeyValueStore, roomId: string, epoch: string, doc: DocName = 'code'): StateVector | null {
  try {
    const raw = JSON.parse(store.getItem(durableKey(roomId, doc)) ?? 'null') as { epoch?: unknown; sv?: unknown } | null
    if (!raw || raw.epoch !== epoch || typeof raw.sv !== 'string') return null
    return decodeSV(raw.sv)
  } catch {
    return null
  }
}

export function writeDurable(store: KeyValueStore, roomId: string, epoch: string, sv: StateVector, doc: DocName = 'code'): void {
  store.setItem(durableKey(roomId, doc), JSON.stringify({ epoch, sv: encodeSV(sv) }))
}
