import { LIMITS } from '@nudge/shared'

/**
 * What one room's document and one connection may make the server hold. Every field is set from
 * config.ts (env), with these defaults; docs/deploy.md lists them with what the user sees.
 */
export interface CollabLimits {
  /** Encoded size of a document's integrated content; edits past it are refused (TOO_LARGE). */
  documentBytes: number
  /**
   * Structs (Yjs items, tombstones included) per document. Memory and load/join time grow with
   * the number of items, not with encoded bytes: 135,000 one-character items fit in 2 MiB but
   * cost ~300 MiB of RSS and seconds of CPU per load. Edits that could add structs past it are
   * refused (TOO_LARGE).
   */
  documentStructs: number
  /**
   * Pending state per document: updates (and deletions) whose dependencies never arrived. Yjs
   * keeps them encoded and re-merges them on every update, and `encodeStateAsUpdate` includes
   * them, so they cost memory, CPU and download size that the document's own size does not show.
   */
  pendingBytes: number
  pendingStructs: number
  /** Awareness states (cursors) one connection may control, and per room; bytes per state. */
  awarenessStatesPerConnection: number
  awarenessStatesPerRoom: number
  awarenessStateBytes: number
  /**
   * Awareness updates (cursor moves, board pointers) one connection may have applied: a bucket of
   * `awarenessBurst` refilled at `awarenessUpdatesPerSecond`. Past it the latest update waits for
   * the next slot and older waiting ones are dropped (awareness-throttle.ts).
   */
  awarenessUpdatesPerSecond: number
  awarenessBurst: number
  /** Bytes queued for one connection before it is closed as a slow consumer. */
  sendQueueBytes: number
  /**
   * Bytes of one room's Yjs update log (all its documents): the history replay reads, which
   * compaction keeps. Past it the room's edits are refused (TOO_LARGE) and its documents stay
   * readable. Counted in storage per room (room_usage.log_bytes), so it holds across nodes.
   */
  roomLogBytes: number
  /**
   * The part of roomLogBytes one seat (role) may write, counted on each node from the room's
   * load: one participant looping edits fills at most this, and the others keep editing.
   */
  seatLogShare: number
}

export const DEFAULT_COLLAB_LIMITS: CollabLimits = {
  documentBytes: LIMITS.documentBytes,
  // A long coding round is a few thousand items; a busy whiteboard (two items per element
  // change) tens of thousands. 100,000 loads in ~0.5 s and holds ~20 MiB of heap.
  documentStructs: 100_000,
  pendingBytes: 64 * 1024,
  pendingStructs: 2000,
  // A browser tab has one awareness client id; a second allows a reconnect's overlap.
  awarenessStatesPerConnection: 2,
  awarenessStatesPerRoom: LIMITS.awarenessStatesPerRoom,
  awarenessStateBytes: LIMITS.awarenessStateBytes,
  // A pointer moving at display rate sends 60–120 updates a second; 20 keeps it smooth on the
  // other screens while capping what one connection makes the server decode and fan out.
  awarenessUpdatesPerSecond: 20,
  awarenessBurst: 20,
  sendQueueBytes: 8 * 1024 * 1024,
  // The replay bench's heavy 60-minute coding round (15,000 keystroke rows, one per update)
  // writes 0.41 MiB; a board move is ~400 bytes (docs/whiteboard-figures.md), so even 20,000
  // board changes an hour add ~8 MiB. A 3-hour day of both in one room is ~25 MiB: 128 MiB is
  // five times that, and a client looping inserts and deletes (~6 MiB/s) reaches it in ~20 s.
  roomLogBytes: 128 * 1024 * 1024,
  // Two seats edit (candidate and interviewer; observers are read-only): a flooding seat fills
  // half, and the room's other half stays for the other seat.
  seatLogShare: 0.5,
}
