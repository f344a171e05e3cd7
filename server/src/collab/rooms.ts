import type { FastifyBaseLogger } from 'fastify'
import type * as Y from 'yjs'
import { AppError } from '@nudge/shared'
import type { Store } from '../store/types.ts'
import type { StoredRanges } from './durable.ts'
import type { CollabLimits } from './limits.ts'
import { UpdateLog } from './persistence.ts'
import { CollabRoom, type RoomHooks, type Session } from './room.ts'

export interface RoomRelay {
  /** Called once per loaded room so a relay can subscribe to other nodes' updates. */
  attach(room: CollabRoom): void
  detach(room: CollabRoom): void
  publish(room: CollabRoom, update: Uint8Array): void
  /** This node stored these ranges of the room's document; other nodes may ack them too. */
  publishStored?(room: CollabRoom, ranges: StoredRanges): void
  /** Awareness changes of this node's sessions (ephemeral: lost ones are renewed by clients). */
  publishAwareness?(room: CollabRoom, update: Uint8Array): void
}

/**
 * The rooms loaded on this node. A room is loaded on its first connection and unloaded when its
 * last connection has left and its updates are stored.
 */
export class CollabRooms {
  private readonly rooms = new Map<string, CollabRoom>()
  private readonly adoptedOnIdle = new WeakSet<CollabRoom>()
  readonly log: UpdateLog
  relay: RoomRelay | null = null
  private readonly limits: CollabLimits | undefined

  constructor(
    store: Store,
    private readonly logger: FastifyBaseLogger,
    opts: { batchMs: number; maxPendingBytes?: number; limits?: CollabLimits },
  ) {
    this.limits = opts.limits
    this.log = new UpdateLog(store, {
      batchMs: opts.batchMs,
      maxPendingBytes: opts.maxPendingBytes,
      // With no relay this node is the only writer: its live documents hold every stored row.
      liveSnapshots: () => this.relay === null,
      onError: (err, context) => logger.error({ err }, `persistence: ${context} failed; keeping updates in memory`),
    })
  }

  get size(): number {
    return this.rooms.size
  }

  get(roomId: string): CollabRoom | undefined {
    return this.rooms.get(roomId)
  }

  /** The loaded rooms (metrics, relay resync). */
  all(): IterableIterator<CollabRoom> {
    return this.rooms.values()
  }

  private readonly hooks: RoomHooks = {
    onIdle: (room) => {
      if (this.rooms.get(room.id) !== room) return
      const unstored = this.relay && !this.adoptedOnIdle.has(room) ? room.unstored() : null
      if (unstored) {
        // Scaled mode: the doc holds edits relayed by another node that no node has stored
        // (it may have died). Store them before unloading, or they would be lost.
        this.adoptedOnIdle.add(room)
        this.log.enqueue(room, unstored, 'recovered')
        return
      }
      this.rooms.delete(room.id)
      this.log.forget(room.id)
      this.relay?.detach(room)
      room.destroy()
    },
    onLocalUpdate: (room, update) => this.relay?.publish(room, update),
    onStored: (room, ranges) => this.relay?.publishStored?.(room, ranges),
    onLocalAwareness: (room, update) => this.relay?.publishAwareness?.(room, update),
    onError: (room, err, context) => this.logger.warn({ err, roomId: room.id }, `collab: ${context}`),
  }

  /** Joins a session to a room, loading the room if needed. Messages sent meanwhile are buffered. */
  connect(roomId: string, session: Session): CollabRoom {
    let room = this.rooms.get(roomId)
    if (!room) {
      room = new CollabRoom(roomId, this.log, this.hooks, this.limits)
      this.rooms.set(roomId, room)
      this.relay?.attach(room)
    }
    room.join(session)
    return room
  }

  /**
   * Runs `fn` on a room's live document inside one transaction with origin 'server', so what it
   * changes is stored (author 'server') and broadcast to every connection like any edit. Loads the
   * room if it is not loaded, and lets it unload again once it is idle and stored. Used for
   * server-side edits (starter code) and reads (final code, hint anchors).
   */
  async withDocument<T>(roomId: string, fn: (doc: Y.Doc) => T): Promise<T> {
    let room = this.rooms.get(roomId)
    if (!room) {
      room = new CollabRoom(roomId, this.log, this.hooks, this.limits)
      this.rooms.set(roomId, room)
      this.relay?.attach(room)
    }
    await room.ready
    if (!room.isReady) throw new AppError('UNAVAILABLE')
    const loaded = room
    try {
      let result: { value: T } | undefined
      loaded.doc.transact(() => {
        result = { value: fn(loaded.doc) }
      }, 'server')
      return result!.value
    } finally {
      loaded.maybeIdle()
    }
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
