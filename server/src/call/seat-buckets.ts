import { tokenBucket } from '../realtime/command.ts'

/**
 * Token buckets keyed by room and seat (invite), so opening more connections with the same link
 * does not buy more messages. Kept per node; the oldest keys are dropped past `maxKeys` so the
 * map itself stays bounded.
 */
export function seatBuckets(perSecond: number, burst: number, maxKeys = 10_000, now: () => number = Date.now) {
  const buckets = new Map<string, ReturnType<typeof tokenBucket>>()
  return {
    take(roomId: string, seat: string): boolean {
      const key = `${roomId}\u0000${seat}`
      let b = buckets.get(key)
      if (!b) {
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!)
        b = tokenBucket(perSecond, burst, now)
        buckets.set(key, b)
      }
      return b.take()
    },
  }
}
