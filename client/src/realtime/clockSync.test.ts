import { describe, expect, it } from 'vitest'
import { phaseRemainingMs, type ClockState } from '@nudge/shared'
import { ClockSync, bestSample } from './clockSync.ts'

/**
 * A simulated network: the server's clock is `skew` ahead of the client's, and each ping takes
 * the given outbound and return delays (asymmetric delays are what makes slow samples wrong).
 */
function network(skew: number, delays: [number, number][]) {
  let local = 1_000_000
  let n = 0
  const now = () => local
  const ping = async (clientSentAt: number) => {
    const [out, back] = delays[n++ % delays.length]!
    local += out
    const serverNow = local + skew
    local += back
    return { clientSentAt, serverNow }
  }
  return { now, ping }
}

describe('clock offset estimation', () => {
  it('keeps the sample with the smallest round trip', () => {
    // Slow samples with lopsided delays are off by up to half their RTT; the fast one is nearly exact.
    const { now, ping } = network(120_000, [[400, 20], [5, 5], [30, 300], [80, 90]])
    const sync = new ClockSync(ping, { now, burst: 4 })
    return sync.measure().then((est) => {
      expect(est!.rttMs).toBe(10)
      expect(Math.abs(est!.offsetMs - 120_000)).toBeLessThanOrEqual(5)
    })
  })

  it('follows a clock that drifted: old samples age out of the window', async () => {
    let skew = -3_000
    let local = 0
    const sync = new ClockSync(
      async (clientSentAt) => {
        local += 10
        const serverNow = local + skew
        local += 10
        return { clientSentAt, serverNow }
      },
      { now: () => local, burst: 3, keep: 3 },
    )
    expect((await sync.measure())!.offsetMs).toBe(-3_000)
    skew = 2_000 // e.g. the laptop's clock was corrected after sleep
    expect((await sync.measure())!.offsetMs).toBe(2_000)
  })

  it('skips failed pings and shares one run between concurrent callers', async () => {
    let calls = 0
    let local = 0
    const sync = new ClockSync(
      async (clientSentAt) => {
        calls++
        if (calls === 2) throw new Error('timeout')
        local += 2
        const serverNow = local + 50
        local += 2
        return { clientSentAt, serverNow }
      },
      { now: () => local, burst: 3 },
    )
    const [a, b] = await Promise.all([sync.measure(), sync.measure()])
    expect(calls).toBe(3)
    expect(a).toEqual(b)
    expect(a!.offsetMs).toBe(50)
  })

  it('prefers the newer of two equally fast samples and has no estimate without samples', () => {
    expect(bestSample([])).toBeNull()
    expect(bestSample([{ offsetMs: 1, rttMs: 8, at: 1 }, { offsetMs: 2, rttMs: 8, at: 2 }, { offsetMs: 3, rttMs: 9, at: 3 }])!.offsetMs).toBe(2)
  })

  it('lets clients with different local clocks agree on the remaining time', async () => {
    const clock: ClockState = {
      status: 'running', phases: [{ id: 'code', kind: 'code', label: 'Code', plannedMs: 25 * 60_000 }],
      runs: [{ elapsedMs: 0, extendedMs: 0, startedAt: 5_000_000, endedAt: null }], phaseIndex: 0,
      runningSince: 5_000_000, startedAt: 5_000_000, pausedAt: null, endedAt: null, version: 1,
    }
    const serverTime = 5_600_000 // ten minutes into the phase
    // One machine is five minutes fast, the other two minutes slow.
    const estimates = await Promise.all(
      [300_000, -120_000].map(async (localAhead) => {
        let local = serverTime + localAhead
        const sync = new ClockSync(
          async (clientSentAt) => {
            local += 15
            const serverNow = local - localAhead
            local += 25
            return { clientSentAt, serverNow }
          },
          { now: () => local },
        )
        const est = (await sync.measure())!
        return phaseRemainingMs(clock, local + est.offsetMs)
      }),
    )
    expect(Math.abs(estimates[0]! - estimates[1]!)).toBeLessThan(50)
    expect(Math.abs(estimates[0]! - 15 * 60_000)).toBeLessThan(1_000)
  })
})
