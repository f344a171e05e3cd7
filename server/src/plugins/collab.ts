import fp from 'fastify-plugin'
import { CollabRooms } from '../collab/rooms.ts'
import { Tickets } from '../collab/tickets.ts'
import { attachYjsEndpoint } from '../collab/endpoint.ts'

declare module 'fastify' {
  interface FastifyInstance {
    collab: CollabRooms
    tickets: Tickets
  }
}

export interface CollabPluginOptions {
  batchMs: number
  ticketSecret?: string
  allowedOrigins: string[]
}

/**
 * Yjs documents: the y-websocket endpoint at /yjs/<roomId> on the same HTTP server, and the
 * batched update log. On close, every queued update is stored before connections are closed.
 */
export default fp<CollabPluginOptions>(
  async (app, opts) => {
    const collab = new CollabRooms(app.store, app.log, { batchMs: opts.batchMs })
    const tickets = new Tickets(opts.ticketSecret)
    app.decorate('collab', collab)
    app.decorate('tickets', tickets)
    const endpoint = attachYjsEndpoint(app.server, {
      collab,
      tickets,
      rooms: app.rooms,
      log: app.log,
      allowedOrigins: opts.allowedOrigins,
    })
    app.addHook('preClose', async () => {
      endpoint.stopAccepting()
      const stored = await collab.close()
      if (!stored) app.log.error('shutdown: some document updates could not be stored before the deadline')
      endpoint.close()
    })
  },
  { name: 'collab', dependencies: ['store', 'rooms'] },
)
