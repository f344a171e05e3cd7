import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'

declare module 'fastify' {
  interface FastifyInstance {
    /** Scaled mode's Redis connection (null on a single node). Others `duplicate()` it. */
    redis: Redis | null
  }
}

export interface RedisPluginOptions {
  url?: string
}

/**
 * One ioredis connection for commands and publishing. ioredis reconnects and resubscribes by
 * itself (node-redis does not in some setups); the server starts even while Redis is down and
 * reports it in /readyz. RESP2 because the Socket.IO streams adapter parses RESP2 replies.
 */
export default fp<RedisPluginOptions>(
  async (app, opts) => {
    if (!opts.url) {
      app.decorate('redis', null)
      return
    }
    // Loaded only in scaled mode: a single node never holds the Redis client.
    const { Redis } = await import('ioredis')
    const redis = new Redis(opts.url, {
      protocol: 2,
      connectionName: 'nudge',
      retryStrategy: (times) => Math.min(50 * times, 1000),
    })
    let lastError = ''
    redis.on('error', (err: Error) => {
      // Logged once per distinct error, not on every reconnect attempt.
      if (err.message !== lastError) app.log.warn({ err }, 'redis: connection error; reconnecting')
      lastError = err.message
    })
    redis.on('ready', () => {
      if (lastError) app.log.info('redis: connected again')
      lastError = ''
    })
    app.decorate('redis', redis)
    app.addHook('onClose', async () => {
      redis.disconnect()
    })
  },
  { name: 'redis' },
)
