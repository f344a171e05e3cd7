import type { FastifyBaseLogger } from 'fastify'
import type { Store } from '../store/types.ts'
import { UpdateLog } from './persistence.ts'
import { CollabRoom, type RoomHooks, type Session } from './room.ts'

export interface RoomRelay {
  /** Called once per loaded room so a relay can subscribe to other nodes' updates. */
  attach(room: CollabRoom): void
  detach(room: CollabRoom): void
  publish(room: CollabRoom, update: Uint8Array): void
}

/**
 * The rooms loaded on this node. A room is loaded on its first connection and unloaded when its
 * last connection has left and its updates are stored.
 */
export class CollabRooms {
  private readonly rooms = new Map<string, CollabRoom>()
  readonly log: UpdateLog
  relay: RoomRelay | null = null

  constructor(
    store: Store,
    private readonly logger: FastifyBaseLogger,
    opts: { batchMs: number },
  ) {
    this.log = new UpdateLog(store, {
      batchMs: opts.batchMs,
      onError: (err, context) => logger.error({ err }, `persistence: ${context} failed; keeping updates in memory`),
    })
  }

  get size(): number {
    return this.rooms.size
  }

  get(roomId: string): CollabRoom | undefined {
    return this.rooms.get(roomId)
  }

  private readonly hooks: RoomHooks = {
    onIdle: (room) => {
      if (this.rooms.get(room.id) !== room) return
      this.rooms.delete(room.id)
      this.log.forget(room.id)
      this.relay?.detach(room)
      room.destroy()
    },
    onLocalUpdate: (room, update) => this.relay?.publish(room, update),
    onError: (room, err, context) => this.logger.warn({ err, roomId: room.id }, `collab: ${context}`),
  }

  /** Joins a session to a room, loading the room if needed. Messages sent meanwhile are buffered. */
  connect(roomId: string, session: Session): CollabRoom {
    let room = this.rooms.get(roomId)
    if (!room) {
      room = new CollabRoom(roomId, this.log, this.hooks)
      this.rooms.set(roomId, room)
      this.relay?.attach(room)
    }
    room.join(session)
    return room
  }

  /** Shutdown: store everything, then close every connection. */
  async close(deadlineMs = 10_000): Promise<boolean> {
    const stored = await this.log.drain(deadlineMs)
    for (const room of this.rooms.values()) {
      this.relay?.detach(room)
      room.destroy(1001, 'Server restarting')
    }
    this.rooms.clear()
    return stored
  }
}
