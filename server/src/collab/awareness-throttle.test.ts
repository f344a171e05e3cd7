import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AwarenessThrottle } from './awareness-throttle.ts'

describe('AwarenessThrottle', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('applies a burst at once, then at most the rate, coalescing to the latest update', () => {
    const t = new AwarenessThrottle(10, 3, () => Date.now())
    const applied: number[] = []
    for (let i = 1; i <= 50; i++) t.offer(() => applied.push(i))
    // The burst of 3 at once; the other 47 wait as one (the latest), the rest dropped.
    expect(applied).toEqual([1, 2, 3])
    expect(t.dropped).toBe(46)
    vi.advanceTimersByTime(100)
    expect(applied).toEqual([1, 2, 3, 50])
    // A steady stream well over the rate gets ~10 a second through, always the newest.
    let n = 100
    for (let ms = 0; ms < 1000; ms += 5) {
      t.offer(((k) => () => applied.push(k))(n++))
      vi.advanceTimersByTime(5)
    }
    vi.advanceTimersByTime(200)
    const second = applied.slice(4)
    expect(second.length).toBeGreaterThanOrEqual(9)
    expect(second.length).toBeLessThanOrEqual(12)
    expect(second.at(-1)).toBe(n - 1)
  })

  it('drops what waits when the connection leaves', () => {
    const t = new AwarenessThrottle(10, 1, () => Date.now())
    const applied: number[] = []
    t.offer(() => applied.push(1))
    t.offer(() => applied.push(2))
    t.stop()
    vi.advanceTimersByTime(1000)
    expect(applied).toEqual([1])
  })
})
