import type { ClockState, ClockWarning } from '@nudge/shared'
import { nextWarning } from './clock.ts'

interface Armed {
  round: number
  version: number
  timer: NodeJS.Timeout | null
  /** The last threshold fired for this version; only lower ones may follow. */
  below: number
}

/**
 * Server-side phase warnings (2 min, 30 s, time up). One timer per room, re-armed on every clock
 * change and whenever a participant connects, so warnings resume after a restart. An older clock
 * state (e.g. read just before a change landed) never replaces a newer one.
 */
export class ClockAlarms {
  private readonly armed = new Map<string, Armed>()

  constructor(
    private readonly fire: (roomId: string, warning: ClockWarning) => void,
    private readonly now: () => number = Date.now,
    /**
     * Reads the room's current round and clock when a warning is due. With several nodes a change
     * may have been made elsewhere: then the alarm re-arms from the fresh state instead of firing.
     */
    private readonly current?: (roomId: string) => Promise<{ round: number; clock: ClockState } | undefined>,
  ) {}

  arm(roomId: string, round: number, clock: ClockState): void {
    const prev = this.armed.get(roomId)
    if (prev && (prev.round > round || (prev.round === round && prev.version > clock.version))) return
    const same = prev && prev.round === round && prev.version === clock.version
    if (same && prev.timer) return
    if (prev?.timer) clearTimeout(prev.timer)
    const entry: Armed = { round, version: clock.version, timer: null, below: same ? prev.below : Infinity }
    this.armed.set(roomId, entry)
    this.schedule(roomId, entry, clock)
  }

  private schedule(roomId: string, entry: Armed, clock: ClockState): void {
    const next = nextWarning(clock, this.now(), entry.below)
    if (!next) {
      entry.timer = null
      return
    }
    entry.timer = setTimeout(() => {
      if (!this.current) return this.due(roomId, entry, clock, next.secondsLeft)
      this.current(roomId).then(
        (fresh) => {
          if (this.armed.get(roomId) !== entry || !fresh) return
          if (fresh.round === entry.round && fresh.clock.version === entry.version) return this.due(roomId, entry, clock, next.secondsLeft)
          entry.timer = null
          this.arm(roomId, fresh.round, fresh.clock)
        },
        () => this.due(roomId, entry, clock, next.secondsLeft),
      )
    }, Math.max(0, next.at - this.now()))
    // A pending warning must not keep the process (or a test run) alive.
    entry.timer.unref()
  }

  private due(roomId: string, entry: Armed, clock: ClockState, secondsLeft: number): void {
    if (this.armed.get(roomId) !== entry) return
    entry.below = secondsLeft
    const phase = clock.phases[clock.phaseIndex]!
    this.fire(roomId, {
      round: entry.round, phaseIndex: clock.phaseIndex, phaseId: phase.id, phaseLabel: phase.label,
      secondsLeft, serverNow: this.now(),
    })
    this.schedule(roomId, entry, clock)
  }

  /** Timers currently pending (tests and metrics). */
  get pending(): number {
    return [...this.armed.values()].filter((a) => a.timer).length
  }

  close(): void {
    for (const a of this.armed.values()) if (a.timer) clearTimeout(a.timer)
    this.armed.clear()
  }
}
