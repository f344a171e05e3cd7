import type { Redis } from 'ioredis'
import { seatBuckets } from '../call/seat-buckets.ts'

/**
 * A rate limit per seat (room × invite link). In scaled mode the count lives in Redis, so a seat
 * connected to several nodes (a load balancer spreading its tabs) gets one budget, not one per
 * node — the same reason room creation counts in Redis (@fastify/rate-limit's Redis store).
 */
export interface SeatLimiter {
  take(roomId: string, seat: string): Promise<boolean>
}

export function localSeatLimiter(perSecond: number, burst: number, now: () => number = Date.now): SeatLimiter {
  const buckets = seatBuckets(perSecond, burst, 10_000, now)
  return { take: async (roomId, seat) => buckets.take(roomId, seat) }
}

// A token bucket in one hash: tokens and the time they were counted, by Redis's own clock (all
// nodes share it). Expires once it would be full again, so idle seats leave no keys behind.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local v = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(v[1]) or burst
local at = tonumber(v[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local ok = 0
if tokens >= 1 then
  tokens = tokens - 1
  ok = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return ok`

/**
 * The Redis token bucket. If Redis fails, the node's own bucket decides: the limit still holds
 * per node, and a Redis outage never blocks chat.
 */
export function redisSeatLimiter(redis: Redis, prefix: string, name: string, perSecond: number, burst: number): SeatLimiter {
  const fallback = localSeatLimiter(perSecond, burst)
  return {
    async take(roomId, seat) {
      try {
        const ok = await redis.eval(TAKE, 1, `${prefix}limit:${name}:${roomId}:${seat}`, perSecond, burst)
        return ok === 1
      } catch {
        return fallback.take(roomId, seat)
      }
    },
  }
}
