import type { RoomRemovalDeps } from './room-removal.ts'
import { removeRoom } from './room-removal.ts'

const DAY_MS = 24 * 3600 * 1000
/** Rooms removed per sweep, so one sweep never holds storage for long. */
const BATCH = 100

/**
 * Deletes rooms unused for `days` (ROOM_RETENTION_DAYS): no event, state change or arrival in
 * that time. Rooms with a connection on this node are kept whatever their age. Every node may
 * sweep; deleting a room twice is harmless.
 */
export class RoomRetention {
  #timer: NodeJS.Timeout | null = null
  #running: Promise<number> | null = null

  constructor(
    private readonly deps: RoomRemovalDeps,
    private readonly days: number,
  ) {}

  /** Sweeps every `everyMs` (unref'd: it never keeps the process alive). */
  start(everyMs: number): void {
    if (this.days <= 0) return
    this.#timer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.deps.log.warn({ err }, 'retention: sweep failed'))
    }, everyMs)
    this.#timer.unref()
  }

  /** Removes up to one batch of idle rooms as of `now`; resolves with how many were removed. */
  sweep(now = Date.now()): Promise<number> {
    if (this.days <= 0) return Promise.resolve(0)
    this.#running ??= this.#sweep(now).finally(() => (this.#running = null))
    return this.#running
  }

  async #sweep(now: number): Promise<number> {
    const idle = await this.deps.store.listIdleRooms(now - this.days * DAY_MS, BATCH)
    let removed = 0
    for (const roomId of idle) {
      const here = (this.deps.io.of('/').adapter.rooms.get(roomId)?.size ?? 0) > 0 || this.deps.collab.get(roomId) !== undefined
      if (here) continue
      await removeRoom(this.deps, roomId)
      removed += 1
    }
    if (removed > 0) this.deps.log.info({ removed, days: this.days }, 'retention: idle rooms deleted')
    return removed
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
    await this.#running
  }
}
