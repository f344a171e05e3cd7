import { join } from 'node:path'
import fp from 'fastify-plugin'
import { createSqliteStore } from '../store/sqlite.ts'
import type { RoomQuota, Store } from '../store/types.ts'

declare module 'fastify' {
  interface FastifyInstance {
    store: Store
  }
}

export interface StorePluginOptions {
  /** A ready store (tests); otherwise PostgreSQL when `databaseUrl` is set, else SQLite in dataDir. */
  store?: Store
  databaseUrl?: string
  dataDir: string
  /** What one room's event log may hold (an injected store brings its own). */
  quota?: RoomQuota
}

/** Opens storage, runs migrations before the app accepts traffic, closes it last. */
export default fp<StorePluginOptions>(
  async (app, opts) => {
    // The PostgreSQL driver is loaded only when configured: the embedded default never holds it.
    const store =
      opts.store ??
      (opts.databaseUrl
        ? (await import('../store/postgres.ts')).createPostgresStore(opts.databaseUrl, { quota: opts.quota, onIdleError: (err) => app.log.warn({ err }, 'postgres: idle connection failed') })
        : createSqliteStore(join(opts.dataDir, 'nudge.db'), opts.quota))
    await store.migrate()
    app.decorate('store', store)
    app.addHook('onClose', async () => {
      await store.close()
      app.log.info(`shutdown: ${store.kind} store closed`)
    })
  },
  { name: 'store' },
)
