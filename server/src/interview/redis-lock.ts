import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import { AppError } from '@nudge/shared'
import type { RoomLock } from './room-lock.ts'

// Deletes the key only if this holder still owns it (its lease may have expired and moved on).
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"

/**
 * A per-room lease in Redis (SET NX PX). Changes to a room's interview state take milliseconds;
 * the lease (10 s) only matters if a node dies holding it. Waiting longer than `waitMs` answers
 * UNAVAILABLE rather than queueing forever.
 */
export function redisRoomLock(redis: Redis, prefix: string, opts: { ttlMs?: number; waitMs?: number } = {}): RoomLock {
  const ttlMs = opts.ttlMs ?? 10_000
  const waitMs = opts.waitMs ?? 5_000
  return {
    async acquire(roomId) {
      const key = `${prefix}interview:lock:${roomId}`
      const token = randomBytes(12).toString('base64url')
      const end = Date.now() + waitMs
      for (let delay = 2; ; delay = Math.min(50, delay * 2)) {
        if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK') break
        if (Date.now() > end) throw new AppError('UNAVAILABLE')
        await new Promise((resolve) => setTimeout(resolve, delay))
      }
      return async () => {
        await redis.eval(RELEASE, 1, key, token)
      }
    },
  }
}
