import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { WindowResult } from './protocol.ts'
import { Samples } from './stats.ts'
import { received } from './clients/raw.ts'

/**
 * One per worker process: the measurement window and its samples. Latencies are recorded for
 * events *sent* inside the window, whenever they arrive (until the grace period ends), so a
 * slow delivery is measured rather than dropped.
 */
export class Recorder {
  measuring = false
  windowStart = 0
  windowEnd = Infinity
  readonly edit = new Samples()
  readonly awareness = new Samples()
  readonly hint = new Samples()
  readonly durable = new Samples()
  readonly resync = new Samples()
  keystrokesSent = 0
  keystrokesReceived = 0
  hintsSent = 0
  hintsReceived = 0
  errors = 0
  private errorSamples: string[] = []
  private readonly loop = monitorEventLoopDelay({ resolution: 10 })

  constructor() {
    this.loop.enable()
  }

  error(what: string): void {
    this.errors++
    if (this.errorSamples.length < 10) this.errorSamples.push(what)
  }

  start(now: number): void {
    this.measuring = true
    this.windowStart = now
    this.windowEnd = Infinity
    for (const s of [this.edit, this.awareness, this.hint, this.durable, this.resync]) s.take()
    this.keystrokesSent = this.keystrokesReceived = this.hintsSent = this.hintsReceived = this.errors = 0
    this.errorSamples = []
    this.loop.reset()
    this.receivedAtStart = { ...received }
  }

  private receivedAtStart = { ...received }

  /** Stops counting new sends; receipts of earlier sends keep being recorded until `collect`. */
  stopSending(now: number): void {
    this.measuring = false
    this.windowEnd = now
    this.receivedAtStop = { ...received }
  }

  private receivedAtStop = { ...received }

  /** Was something stamped at `t` sent inside the current window? */
  inWindow(t: number): boolean {
    return t >= this.windowStart && t < this.windowEnd
  }

  collect(): WindowResult {
    return {
      edit: this.edit.take(),
      awareness: this.awareness.take(),
      hint: this.hint.take(),
      durable: this.durable.take(),
      resync: this.resync.take(),
      keystrokesSent: this.keystrokesSent,
      keystrokesReceived: this.keystrokesReceived,
      hintsSent: this.hintsSent,
      hintsReceived: this.hintsReceived,
      errors: this.errors,
      errorSamples: this.errorSamples,
      // The histogram records whole 10 ms timer intervals; keep only the lateness.
      loopP99: Math.max(0, this.loop.percentile(99) / 1e6 - 10),
      received: {
        sync: this.receivedAtStop.sync - this.receivedAtStart.sync,
        awareness: this.receivedAtStop.awareness - this.receivedAtStart.awareness,
        durable: this.receivedAtStop.durable - this.receivedAtStart.durable,
        other: this.receivedAtStop.other - this.receivedAtStart.other,
      },
    }
  }
}
