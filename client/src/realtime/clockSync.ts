import { clockOffset } from '@nudge/shared'

export interface ClockSample {
  /** Estimated `serverTime - localTime` from this round trip. */
  offsetMs: number
  rttMs: number
  /** Local time the answer arrived. */
  at: number
}

export interface ClockEstimate {
  offsetMs: number
  rttMs: number
}

type Ping = (clientSentAt: number) => Promise<{ clientSentAt: number; serverNow: number }>

export interface ClockSyncOptions {
  /** Pings per measurement; the one with the smallest round trip wins. */
  burst?: number
  /** Samples kept across measurements; older ones age out so a drifting local clock is followed. */
  keep?: number
  now?: () => number
}

/**
 * The sample with the smallest round trip has the least uncertainty about when the server read
 * its clock (at most rtt/2 either way). Among equally fast samples the most recent one wins,
 * since it has drifted least.
 */
export function bestSample(samples: readonly ClockSample[]): ClockSample | null {
  let best: ClockSample | null = null
  for (const s of samples) {
    if (!best || s.rttMs < best.rttMs || (s.rttMs === best.rttMs && s.at > best.at)) best = s
  }
  return best
}

/**
 * Estimates this browser's clock offset to the server from `clock:ping` round trips. The server
 * owns the interview clock; every participant renders it at `Date.now() + offset`, so a machine
 * whose clock is minutes off still shows the same remaining time as everyone else.
 */
export class ClockSync {
  private samples: ClockSample[] = []
  private readonly burst: number
  private readonly keep: number
  private readonly now: () => number
  private running: Promise<ClockEstimate | null> | null = null

  constructor(private readonly ping: Ping, opts: ClockSyncOptions = {}) {
    this.burst = opts.burst ?? 5
    this.keep = opts.keep ?? 12
    this.now = opts.now ?? Date.now
  }

  /** Adds one round trip's result; returns the new estimate. */
  add(res: { clientSentAt: number; serverNow: number }, receivedAt: number): ClockEstimate {
    const { offsetMs, rttMs } = clockOffset(res, receivedAt)
    this.samples.push({ offsetMs, rttMs, at: receivedAt })
    if (this.samples.length > this.keep) this.samples.splice(0, this.samples.length - this.keep)
    return this.estimate()!
  }

  estimate(): ClockEstimate | null {
    const b = bestSample(this.samples)
    return b && { offsetMs: b.offsetMs, rttMs: b.rttMs }
  }

  /**
   * Sends `burst` pings one after the other (never in parallel: they would queue behind each
   * other and inflate the round trips). Failed pings are skipped. Concurrent calls share one run.
   */
  measure(count = this.burst): Promise<ClockEstimate | null> {
    this.running ??= (async () => {
      try {
        for (let i = 0; i < count; i++) {
          const sentAt = this.now()
          try {
            const res = await this.ping(sentAt)
            this.add(res, this.now())
          } catch {
            // Offline or slow: keep the previous estimate.
          }
        }
        return this.estimate()
      } finally {
        this.running = null
      }
    })()
    return this.running
  }

  /** Forget old samples, e.g. after the system clock jumped (sleep, NTP correction). */
  reset(): void {
    this.samples = []
  }
}
