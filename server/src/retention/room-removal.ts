import type { FastifyBaseLogger } from 'fastify'
import { CLOSE, DOC_NAMES } from '@nudge/shared'
import type { Collab } from '../collab/collab.ts'
import { docKey } from '../store/types.ts'
import type { IO } from '../realtime/types.ts'
import type { Store } from '../store/types.ts'

export interface RoomRemovalDeps {
  store: Store
  io: IO
  collab: Collab
  log: FastifyBaseLogger
}

/** How long a removal waits for the room's queued document updates to be written. */
const FLUSH_WAIT_MS = 5_000

/**
 * Removes a room and everything stored for it (interviewer's "delete this room", retention).
 * Storage goes first, so no invite authenticates any more; then every Socket.IO connection of
 * the room (on every node, through the adapter) and this node's Yjs connections are closed
 * (4404: the stock provider does not retry). Updates the document log still had queued are
 * written after the first delete, so once they are flushed the room is deleted again.
 */
export async function removeRoom(deps: RoomRemovalDeps, roomId: string, wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))) {
  await deps.store.deleteRoom(roomId)
  deps.io.in(roomId).disconnectSockets(true)
  // Each of the room's documents (code, board) that is open on this node.
  const live = DOC_NAMES.flatMap((name) => deps.collab.get(roomId, name) ?? [])
  if (live.length > 0) {
    for (const doc of live) doc.destroy(CLOSE.notFound, 'This room was deleted.')
    const end = Date.now() + FLUSH_WAIT_MS
    const pending = () => DOC_NAMES.some((name) => deps.collab.log.hasPending(docKey(roomId, name)))
    while (pending() && Date.now() < end) await wait(20)
    await deps.store.deleteRoom(roomId)
  }
  deps.log.info({ roomId }, 'room deleted')
}
