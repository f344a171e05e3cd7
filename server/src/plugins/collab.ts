import fp from 'fastify-plugin'
import { createCollab, type Collab } from '../collab/collab.ts'
import type { CollabLimits } from '../collab/limits.ts'
import { UpdateLog } from '../collab/persistence.ts'
import { RedisRelay } from '../collab/redis-relay.ts'
import { LocalRelay, type Relay } from '../collab/relay.ts'
import { Tickets } from '../collab/tickets.ts'

declare module 'fastify' {
  interface FastifyInstance {
    collab: Collab
    tickets: Tickets
    /** The cross-node document relay in scaled mode (REDIS_URL), else null. */
    relay: RedisRelay | null
  }
}

export interface CollabPluginOptions {
  batchMs: number
  maxPendingBytes: number
  ticketSecret?: string
  /** The site's origin gate (site/public-site.ts). */
  allowsOrigin(origin: string | undefined): boolean
  nodeId: string
  redisPrefix: string
  limits: CollabLimits
}

/**
 * Yjs documents: the y-websocket endpoint at /yjs/<roomId> (code) and /yjs/<roomId>/board on the
 * same HTTP server, and the batched update log. With Redis, a relay carries updates between
 * nodes; without, a local relay that carries nothing. On close, every queued update is stored
 * before connections are closed.
 */
export default fp<CollabPluginOptions>(
  async (app, opts) => {
    const redisRelay = app.redis
      ? new RedisRelay({
          redis: app.redis,
          prefix: opts.redisPrefix,
          nodeId: opts.nodeId,
          log: app.log,
          loadStored: async (roomId, doc) => {
            const stored = await app.store.loadDocument(roomId, doc)
            return [...(stored.snapshot ? [stored.snapshot.data] : []), ...stored.updates.map((u) => u.data)]
          },
        })
      : null
    const relay: Relay = redisRelay ?? new LocalRelay()
    const log = new UpdateLog(app.store, {
      batchMs: opts.batchMs,
      maxPendingBytes: opts.maxPendingBytes,
      onlyWriter: relay.onlyWriter,
      onError: (err, context) => app.log.error({ err }, `persistence: ${context} failed; keeping updates in memory`),
    })
    const tickets = new Tickets(opts.ticketSecret)
    const collab = createCollab({
      log,
      relay,
      authenticate: (roomId, token) => app.rooms.authenticate(roomId, token),
      tickets,
      limits: opts.limits,
      logger: app.log,
      allowsOrigin: opts.allowsOrigin,
    })
    collab.listen(app.server)
    // The Yjs endpoint's address fetched as a plain GET answers what its upgrade would get: 204,
    // or the refusal's status and {code, message}. A browser's WebSocket only reports 1006.
    app.get('/yjs/*', async (request, reply) => {
      const refusal = await collab.checkUpgrade(request.raw)
      reply.header('cache-control', 'no-store')
      if (!refusal) return reply.code(204).send()
      return reply.code(refusal.status).send(refusal.body)
    })
    app.decorate('collab', collab)
    app.decorate('tickets', tickets)
    app.decorate('relay', redisRelay)
    app.addHook('preClose', async () => {
      const stored = await collab.close()
      if (!stored) app.log.error('shutdown: some document updates could not be stored before the deadline')
      else app.log.info('shutdown: every edit stored')
    })
  },
  { name: 'collab', dependencies: ['store', 'rooms', 'redis'] },
)
