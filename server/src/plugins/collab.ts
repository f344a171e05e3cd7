import fp from 'fastify-plugin'
import { CollabRooms } from '../collab/rooms.ts'
import { RedisRelay } from '../collab/redis-relay.ts'
import { Tickets } from '../collab/tickets.ts'
import { attachYjsEndpoint } from '../collab/endpoint.ts'
import type { CollabLimits } from '../collab/limits.ts'

declare module 'fastify' {
  interface FastifyInstance {
    collab: CollabRooms
    tickets: Tickets
    /** The cross-node document relay in scaled mode (REDIS_URL), else null. */
    relay: RedisRelay | null
  }
}

export interface CollabPluginOptions {
  batchMs: number
  maxPendingBytes: number
  ticketSecret?: string
  allowedOrigins: string[]
  nodeId: string
  redisPrefix: string
  limits: CollabLimits
}

/**
 * Yjs documents: the y-websocket endpoint at /yjs/<roomId> on the same HTTP server, and the
 * batched update log. With Redis, a relay carries updates between nodes. On close, every queued
 * update is stored before connections are closed.
 */
export default fp<CollabPluginOptions>(
  async (app, opts) => {
    const collab = new CollabRooms(app.store, app.log, { batchMs: opts.batchMs, maxPendingBytes: opts.maxPendingBytes, limits: opts.limits })
    const tickets = new Tickets(opts.ticketSecret)
    const relay = app.redis
      ? new RedisRelay({
          redis: app.redis,
          prefix: opts.redisPrefix,
          nodeId: opts.nodeId,
          log: app.log,
          loadStored: async (roomId) => {
            const doc = await app.store.loadDocument(roomId)
            return [...(doc.snapshot ? [doc.snapshot.data] : []), ...doc.updates.map((u) => u.data)]
          },
          persist: (room, update) => collab.log.enqueue(room, update, 'recovered'),
          hasPending: (roomId) => collab.log.hasPending(roomId),
        })
      : null
    collab.relay = relay
    app.decorate('collab', collab)
    app.decorate('tickets', tickets)
    app.decorate('relay', relay)
    const endpoint = attachYjsEndpoint(app.server, {
      collab,
      tickets,
      rooms: app.rooms,
      log: app.log,
      allowedOrigins: opts.allowedOrigins,
      sendQueueBytes: opts.limits.sendQueueBytes,
    })
    app.addHook('preClose', async () => {
      endpoint.stopAccepting()
      const stored = await collab.close()
      if (!stored) app.log.error('shutdown: some document updates could not be stored before the deadline')
      else app.log.info('shutdown: every edit stored')
      await relay?.close()
      endpoint.close()
    })
  },
  { name: 'collab', dependencies: ['store', 'rooms', 'redis'] },
)
