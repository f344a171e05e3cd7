import { describe, expect, it } from 'vitest'
import { tokenBucket } from './command.ts'

describe('tokenBucket', () => {
  it('allows a burst, then refills at the sustained rate, never above the burst', () => {
    let t = 0
    const b = tokenBucket(20, 60, () => t)
    let ok = 0
    for (let i = 0; i < 100; i++) if (b.take()) ok++
    expect(ok).toBe(60)
    expect(b.take()).toBe(false)
    t += 50 // one token at 20/s
    expect(b.take()).toBe(true)
    expect(b.take()).toBe(false)
    t += 60_000 // a long pause refills to the burst, not beyond
    ok = 0
    for (let i = 0; i < 100; i++) if (b.take()) ok++
    expect(ok).toBe(60)
  })
})
