import fp from 'fastify-plugin'
import { RoomRetention } from '../retention/retention.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** Deletes rooms idle for ROOM_RETENTION_DAYS; `sweep()` runs one pass now. */
    retention: RoomRetention
  }
}

export interface RetentionPluginOptions {
  /** ROOM_RETENTION_DAYS; 0 keeps rooms forever. */
  days: number
  /** How often to sweep. */
  everyMs?: number
}

export default fp<RetentionPluginOptions>(
  async (app, opts) => {
    const retention = new RoomRetention({ store: app.store, io: app.io, collab: app.collab, log: app.log }, opts.days)
    app.decorate('retention', retention)
    app.addHook('onReady', async () => retention.start(opts.everyMs ?? 3600_000))
    // Before the store closes (onClose runs after preClose, plugins in reverse order).
    app.addHook('preClose', () => retention.stop())
  },
  { name: 'retention', dependencies: ['store', 'collab', 'realtime'] },
)
