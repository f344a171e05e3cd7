import type { CommandPayload, CommandResult, ClientCommandName, ServerToClientEvents } from '@nudge/shared'
import { ClockSync } from './clockSync.ts'
import { EMPTY_VIEW, applyEvent, type InterviewEvent, type InterviewEventName, type InterviewView } from './interviewState.ts'
import { command, type NudgeSocket } from './socket.ts'

export interface InterviewSnapshot extends InterviewView {
  /** Estimated server time minus local time; render the clock at `Date.now() + offsetMs`. */
  offsetMs: number
  /** Round trip of the sample the offset came from; null before the first ping returns. */
  rttMs: number | null
}

const EVENTS: readonly InterviewEventName[] = [
  'interview:state', 'staff:state', 'round:started', 'role:changed', 'question:picked', 'question:briefed',
  'question:created', 'clock:updated', 'clock:warning', 'hint:sent', 'stuck:raised', 'clarify:asked',
  'clarify:answered', 'clarify:pinned', 'note:added', 'scorecard:saved', 'scorecard:shared', 'selfassessment:saved',
  'behavioral:updated', 'story:shared', 'cohort:broadcast', 'settings:updated',
]

/** A fresh estimate every minute follows a drifting or adjusted local clock. */
const RESYNC_MS = 60_000

/**
 * The interview side of a room connection: folds the server's interview notifications into one
 * snapshot for React (useSyncExternalStore), keeps the clock offset estimate, and wraps the
 * interview commands. Created and destroyed by the RoomClient that owns the socket.
 */
export class InterviewClient {
  private snapshot: InterviewSnapshot = { ...EMPTY_VIEW, offsetMs: 0, rttMs: null }
  private readonly listeners = new Set<() => void>()
  private readonly sync: ClockSync
  private readonly timers: number[] = []
  private destroyed = false

  constructor(private readonly socket: NudgeSocket) {
    this.sync = new ClockSync((clientSentAt) => command(socket, 'clock:ping', { clientSentAt }, 5_000))
    for (const name of EVENTS) {
      // One loop for every event; the map's per-event typing can't follow a variable name.
      const on = socket.on.bind(socket) as (ev: string, fn: (arg: unknown) => void) => void
      on(name, (arg) => this.dispatch({ name, arg } as InterviewEvent))
    }
    socket.on('connect', () => void this.measureClock())
    this.timers.push(window.setInterval(() => this.socket.connected && void this.measureClock(3), RESYNC_MS))
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getSnapshot = (): InterviewSnapshot => this.snapshot

  /** Estimated server time now. */
  serverNow(): number {
    return Date.now() + this.snapshot.offsetMs
  }

  private set(patch: Partial<InterviewSnapshot>): void {
    if (this.destroyed) return
    this.snapshot = { ...this.snapshot, ...patch }
    for (const l of this.listeners) l()
  }

  dispatch(ev: InterviewEvent): void {
    const { offsetMs, rttMs, ...view } = this.snapshot
    const next = applyEvent(view, ev)
    if (next !== view) this.set(next)
  }

  private async measureClock(count?: number): Promise<void> {
    const est = await this.sync.measure(count)
    if (est && (est.offsetMs !== this.snapshot.offsetMs || est.rttMs !== this.snapshot.rttMs)) this.set(est)
  }

  markHintsRead(): void {
    if (this.snapshot.unreadHints) this.set({ unreadHints: 0 })
  }

  dismissStuck(id?: string): void {
    this.set({ stuckAlerts: id ? this.snapshot.stuckAlerts.filter((x) => x !== id) : [] })
  }

  dismissBroadcast(): void {
    if (this.snapshot.broadcast) this.set({ broadcast: null })
  }

  dismissWarning(): void {
    if (this.snapshot.warning) this.set({ warning: null })
  }

  /** Re-reads the whole interview state (e.g. after a command was refused as out of date). */
  async resync(): Promise<void> {
    const { state, staff } = await this.run('interview:sync', {})
    this.dispatch({ name: 'interview:state', arg: state })
    if (staff) this.dispatch({ name: 'staff:state', arg: staff })
  }

  run<K extends ClientCommandName>(name: K, payload: CommandPayload<K>): Promise<CommandResult<K>> {
    return command(this.socket, name, payload)
  }

  // Commands whose result is applied at once; the broadcast that follows changes nothing then.

  async clock(name: 'clock:start' | 'clock:pause' | 'clock:resume' | 'clock:next' | 'clock:end') {
    return this.applied('clock:updated', await this.run(name, {}))
  }

  async updateSettings(settings: CommandPayload<'settings:update'>) {
    return this.applied('settings:updated', await this.run('settings:update', settings))
  }

  async extend(seconds: number) {
    return this.applied('clock:updated', await this.run('clock:extend', { seconds }))
  }

  async configure(phases: CommandPayload<'clock:configure'>['phases']) {
    return this.applied('clock:updated', await this.run('clock:configure', { phases }))
  }

  async sendHint(payload: CommandPayload<'hint:send'>) {
    return this.applied('hint:sent', await this.run('hint:send', payload))
  }

  async ask(text: string) {
    return this.applied('clarify:asked', await this.run('clarify:ask', { text }))
  }

  async answer(id: string, text: string) {
    return this.applied('clarify:answered', await this.run('clarify:answer', { id, text }))
  }

  async pin(id: string, pinned: boolean) {
    return this.applied('clarify:pinned', await this.run('clarify:pin', { id, pinned }))
  }

  async addNote(text: string) {
    return this.applied('note:added', await this.run('note:add', { text }))
  }

  async saveScorecard(payload: CommandPayload<'scorecard:save'>) {
    return this.applied('scorecard:saved', await this.run('scorecard:save', payload))
  }

  async saveSelfAssessment(payload: CommandPayload<'selfassessment:save'>) {
    return this.applied('selfassessment:saved', await this.run('selfassessment:save', payload))
  }

  /** Folds a command's result in as if its broadcast had arrived, and returns it. */
  private applied<K extends InterviewEvent['name']>(name: K, arg: Extract<InterviewEvent, { name: K }>['arg']) {
    this.dispatch({ name, arg } as InterviewEvent)
    return arg
  }

  destroy(): void {
    this.destroyed = true
    for (const t of this.timers) window.clearInterval(t)
    for (const name of EVENTS) this.socket.off(name as keyof ServerToClientEvents)
    this.listeners.clear()
  }
}
