/**
 * Serializes changes to one room's interview state across nodes (scaled mode). On a single node
 * the repository's in-process queue is enough and no RoomLock is configured.
 */
export interface RoomLock {
  /** Resolves with a release function once this caller holds the room's lock. */
  acquire(roomId: string): Promise<() => Promise<void>>
}
