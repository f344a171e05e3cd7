/**
 * The rate limit on one connection's awareness updates (cursors, selections, board pointers):
 * a token bucket of `burst`, refilled at `perSecond`. Within it an update is applied at once.
 * Past it, the update waits for the next token; a newer one arriving meanwhile replaces it and
 * the older is dropped. So a connection holds at most one waiting update, the server decodes
 * and fans out at most `perSecond` of them (plus the burst), and the last pointer position
 * still reaches everyone — dropping it instead would leave a stale pointer until the client's
 * 15 s renewal.
 */
export class AwarenessThrottle {
  private tokens: number
  private refilledAt: number
  private waiting: (() => void) | null = null
  private timer: NodeJS.Timeout | null = null
  /** Updates replaced by a newer one before their turn (never applied). */
  dropped = 0

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst
    this.refilledAt = now()
  }

  /** Applies `apply` now if the bucket allows it, else holds it as the one waiting update. */
  offer(apply: () => void): void {
    this.refill()
    if (this.tokens >= 1 && !this.waiting) {
      this.tokens -= 1
      apply()
      return
    }
    if (this.waiting) this.dropped++
    this.waiting = apply
    if (!this.timer) {
      const wait = Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.perSecond))
      this.timer = setTimeout(this.release, wait)
      this.timer.unref()
    }
  }

  private readonly release = (): void => {
    this.timer = null
    const apply = this.waiting
    this.waiting = null
    if (!apply) return
    this.refill()
    this.tokens = Math.max(0, this.tokens - 1)
    apply()
  }

  private refill(): void {
    const now = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) * this.perSecond) / 1000)
    this.refilledAt = now
  }

  /** The connection left: whatever waits is dropped. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.waiting = null
  }
}
