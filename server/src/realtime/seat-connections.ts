import type { AppSocket } from './types.ts'

/**
 * Socket.IO connections per seat (invite link) on this node. One link opened in many tabs, or
 * a script opening connection after connection, holds at most `max` (issue 15, finding 6).
 * Counted by socket id, released when the socket disconnects or its transport closes before
 * the connection completed, so a count never leaks.
 */
export class SeatConnections {
  readonly #seats = new Map<string, Set<string>>()

  constructor(private readonly max: number) {}

  /** Admits the socket (authenticated, not yet connected) or returns false when its seat is full. */
  admit(socket: AppSocket): boolean {
    const key = `${socket.data.roomId}\u0000${socket.data.seat}`
    let ids = this.#seats.get(key)
    if (!ids) this.#seats.set(key, (ids = new Set()))
    if (ids.size >= this.max) return false
    ids.add(socket.id)
    const release = () => {
      ids.delete(socket.id)
      if (ids.size === 0 && this.#seats.get(key) === ids) this.#seats.delete(key)
    }
    socket.once('disconnect', release)
    socket.conn.once('close', release)
    return true
  }

  /** Connections of a seat now (tests, metrics). */
  count(roomId: string, seat: string): number {
    return this.#seats.get(`${roomId}\u0000${seat}`)?.size ?? 0
  }
}
