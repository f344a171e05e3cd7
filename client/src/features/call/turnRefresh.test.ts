import { describe, expect, it } from 'vitest'
import { turnRefreshDelay } from './turnRefresh.ts'

describe('turnRefreshDelay', () => {
  it('refreshes well before the credentials expire', () => {
    const now = 1_000_000
    expect(turnRefreshDelay(now + 3_600_000, now)).toBe(2_880_000)
    expect(turnRefreshDelay(now + 600_000, now)).toBe(480_000)
  })
  it('never schedules in the past, and not at all without TURN credentials', () => {
    expect(turnRefreshDelay(1_000, 2_000)).toBe(5_000)
    expect(turnRefreshDelay(null, 2_000)).toBeNull()
  })
})
