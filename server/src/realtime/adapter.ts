import type { Redis } from 'ioredis'
import type { ServerOptions } from 'socket.io'

/**
 * Socket.IO across nodes: the Redis Streams adapter. Broadcasts go through a stream that each
 * node reads from its last offset, so a node whose Redis connection drops catches up on what
 * it missed, and connection-state recovery lets a client that reconnects — to any node, no
 * sticky sessions — receive the room events it missed (within `maxDisconnectionDuration`).
 * fetchSockets (presence) works across nodes through the adapter's request/response channels;
 * it expects an answer from every node subscribed (PUBSUB NUMSUB), so a killed node — whose
 * connection Redis drops at once — does not stall it.
 */
export async function redisAdapterOptions(redis: Redis, prefix: string): Promise<Partial<ServerOptions>> {
  // Loaded only in scaled mode.
  const { createAdapter } = await import('@socket.io/redis-streams-adapter')
  return {
    adapter: createAdapter(redis, {
      streamName: `${prefix}sio`,
      channelPrefix: `${prefix}sio`,
      sessionKeyPrefix: `${prefix}sio:session:`,
      maxLen: 10_000,
    }),
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: true },
  }
}
