import { Redis } from 'ioredis'
import { describe, expect, it, onTestFinished } from 'vitest'
import { RelayStreams } from '@nudge/server/collab/relay-stream.ts'
import { REDIS_URL, freshRedisPrefix } from '../utils/scale.ts'

describe('relay streams (scaled mode)', () => {
  it('sets a stream’s expiry with its first entry and does not push it out again within the minute', async () => {
    const prefix = await freshRedisPrefix()
    const redis = new Redis(REDIS_URL, { lazyConnect: true })
    onTestFinished(() => redis.disconnect())
    await redis.connect()
    const streams = new RelayStreams(redis, prefix, 'node-a', 100)
    const key = streams.key('room1/code')

    expect(await streams.add('room1/code', 'u', new Uint8Array([1]))).toMatch(/^\d+-\d+$/)
    // A day, pushed out by this first entry.
    expect(await redis.pttl(key)).toBeGreaterThan(23 * 3600_000)

    // As if most of that day had passed: an entry within the minute is a single XADD and
    // leaves the expiry alone (each entry used to push it out, as a MULTI of four commands).
    await redis.pexpire(key, 60_000)
    expect(await streams.add('room1/code', 's', '[[1,0,1]]')).toMatch(/^\d+-\d+$/)
    expect(await redis.pttl(key)).toBeLessThanOrEqual(60_000)
    expect(await redis.xlen(key)).toBe(2)

    // Another stream gets its own expiry with its own first entry.
    await streams.add('room2/code', 'u', new Uint8Array([2]))
    expect(await redis.pttl(streams.key('room2/code'))).toBeGreaterThan(23 * 3600_000)
  })
})
