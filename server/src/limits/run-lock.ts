import type { Redis } from 'ioredis'

/** Who holds a room's run slot. */
export interface RunHolder {
  runId: string
  name: string
}

/**
 * One code run at a time per room, across nodes (scaled mode). A single node needs none: the
 * RunLog's own record of the active run is the whole truth there.
 */
export interface RunLock {
  /** Takes the room's slot for `ttlMs`; resolves null when taken, else with the current holder. */
  acquire(roomId: string, holder: RunHolder, ttlMs: number): Promise<RunHolder | null>
  /** Frees the slot if this run still holds it. */
  release(roomId: string, runId: string): Promise<void>
}

// Frees the slot only if the value is still this run's (it may have expired and been retaken).
const RELEASE = "local v = redis.call('get', KEYS[1]); if v and cjson.decode(v).runId == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"

/**
 * The slot as a Redis key with a lease (SET NX PX). The lease is the abandon time: a node that
 * dies mid-run frees the room when the run would have been abandoned anyway. If Redis fails the
 * start is allowed (the node's own one-run check still holds), so an outage never stops runs.
 */
export function redisRunLock(redis: Redis, prefix: string): RunLock {
  const key = (roomId: string) => `${prefix}run:active:${roomId}`
  return {
    async acquire(roomId, holder, ttlMs) {
      try {
        if ((await redis.set(key(roomId), JSON.stringify(holder), 'PX', ttlMs, 'NX')) === 'OK') return null
        const current = await redis.get(key(roomId))
        return current ? (JSON.parse(current) as RunHolder) : { runId: '', name: 'Someone' }
      } catch {
        return null
      }
    },
    async release(roomId, runId) {
      try {
        await redis.eval(RELEASE, 1, key(roomId), runId)
      } catch {
        // The lease expires by itself.
      }
    },
  }
}
