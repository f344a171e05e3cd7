import { AppError, RUN_LIMITS, type CaseResult, type Run, type RunKind, type RunResultInput, type Language } from '@nudge/shared'
import { newId } from '../interview/ids.ts'
import type { Store } from '../store/types.ts'
import type { RunLock } from '../limits/run-lock.ts'

/** Event-log type of a recorded run (the latest record of a run id wins: hidden results update it). */
export const RUN_EVENT = 'run.recorded'
const COUNT_KEY = 'runs'

/**
 * Run records read for a room's recent history: a run is recorded once when it ends and once
 * more when its hidden results arrive, so twice the history holds every run the history shows.
 */
const RECENT_RECORDS = RUN_LIMITS.historyPerRoom * 2

/** What the event log holds of a run: the run, and the seat that may see its private parts. */
export interface RecordedRun {
  run: Run
  interviewerSeat: string
}

/** Who asks, from the server's record of the socket. */
export interface RunActor {
  participantId: string
  name: string
  seat: string
}

/** What the server knows of the round a run belongs to. */
export interface RunRound {
  n: number
  interviewerSeat: string
  phase: string | null
  /** How many of the picked question's tests are hidden (0 without a coding question). */
  hiddenTests: number
}

interface Entry {
  roomId: string
  run: Run
  seat: string
  interviewerSeat: string
  chunks: number
}

interface RoomRuns {
  /** Runs still in flight on this node (running, or waiting for hidden results), newest first. */
  entries: Entry[]
  active: Entry | null
  /** Start times per seat in the last minute. */
  starts: Map<string, number[]>
}

/** Who may see a run: private runs and hidden details only the round interviewer's seat. */
export function runView(rec: RecordedRun, seat: string, role: 'candidate' | 'interviewer' | 'observer'): Run | null {
  const staff = role === 'interviewer' && seat === rec.interviewerSeat
  if (rec.run.private && !staff) return null
  return staff ? rec.run : publicRun(rec.run)
}

/**
 * Every recorded run of a room, oldest first (the latest record of each run, in the order the runs
 * were first recorded: a room runs one at a time, so that is the order they ran).
 */
export async function recordedRuns(store: Store, roomId: string, latest?: number): Promise<RecordedRun[]> {
  const byId = new Map<string, RecordedRun>()
  const events = latest === undefined ? await store.listEvents(roomId) : await store.latestEvents(roomId, [RUN_EVENT], latest)
  for (const e of events) {
    if (e.type !== RUN_EVENT) continue
    const rec = e.payload as RecordedRun
    byId.set(rec.run.id, rec)
  }
  return [...byId.values()]
}

/**
 * The runs of each room: one run at a time per room (on this node), a per-seat start rate,
 * bounded output. Each run is appended to the room's event log when it ends (and again when its
 * hidden results arrive), so the history survives restarts and other nodes read it from the
 * store. Only runs in flight are kept in memory; a room with none is dropped. Transport-free: the
 * handlers decide who receives what through the views below.
 */
export class RunLog {
  private readonly rooms = new Map<string, RoomRuns>()
  private lastSweep = 0

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
    /** Scaled mode: one run per room across every node (limits/run-lock.ts). */
    private readonly lock?: RunLock,
  ) {}

  private room(roomId: string): RoomRuns {
    let r = this.rooms.get(roomId)
    if (!r) {
      r = { entries: [], active: null, starts: new Map() }
      this.rooms.set(roomId, r)
    }
    return r
  }

  /** Rooms kept in memory (tests, diagnostics). */
  get loadedRooms(): number {
    return this.rooms.size
  }

  /**
   * Drops what no longer matters: runs past the abandon time (recorded as abandoned), finished
   * runs whose hidden results never came, start times older than a minute, and rooms left empty.
   */
  sweep(): Promise<void> {
    const t = this.now()
    this.lastSweep = t
    const writes: Promise<void>[] = []
    for (const [roomId, r] of this.rooms) {
      if (r.active && t - r.active.run.startedAt > RUN_LIMITS.abandonAfterMs) writes.push(this.close(r.active, 'abandoned'))
      r.entries = r.entries.filter((e) => e.run.status === 'running' || t - e.run.startedAt <= RUN_LIMITS.abandonAfterMs)
      for (const [seat, times] of r.starts) {
        const recent = times.filter((x) => t - x < 60_000)
        if (recent.length) r.starts.set(seat, recent)
        else r.starts.delete(seat)
      }
      if (!r.active && r.entries.length === 0 && r.starts.size === 0) this.rooms.delete(roomId)
    }
    return Promise.all(writes).then(() => {})
  }

  async start(
    roomId: string,
    who: RunActor,
    round: RunRound,
    opts: { language: Language; kind: RunKind; private: boolean; stateVector: string | null },
  ): Promise<Run> {
    if (this.now() - this.lastSweep > 10_000) await this.sweep()
    const stored = (await this.store.getState<{ count: number }>(roomId, COUNT_KEY))?.count ?? 0
    if (stored >= RUN_LIMITS.storedPerRoom) throw new AppError('TOO_LARGE', 'This room has recorded as many runs as it may keep.')
    const r = this.room(roomId)
    const t = this.now()
    if (r.active && t - r.active.run.startedAt > RUN_LIMITS.abandonAfterMs) await this.close(r.active, 'abandoned')
    if (r.active) throw new AppError('CONFLICT', `${r.active.run.by.name} is running code; wait for it to finish.`)
    this.takeStart(r, who.seat, t)
    const id = newId()
    if (this.lock) {
      const holder = await this.lock.acquire(roomId, { runId: id, name: who.name }, RUN_LIMITS.abandonAfterMs)
      if (holder) throw new AppError('CONFLICT', `${holder.name} is running code; wait for it to finish.`)
      // Another start on this node may have won while the lock was asked for.
      const winner = r.active as Entry | null
      if (winner) {
        await this.lock.release(roomId, id)
        throw new AppError('CONFLICT', `${winner.run.by.name} is running code; wait for it to finish.`)
      }
    }
    const run: Run = {
      id,
      round: round.n,
      phase: round.phase,
      language: opts.language,
      kind: opts.kind,
      private: opts.private,
      by: { participantId: who.participantId, name: who.name },
      startedAt: t,
      finishedAt: null,
      status: 'running',
      stateVector: opts.stateVector,
      output: '',
      outputTruncated: false,
      cases: [],
      error: null,
      durationMs: null,
      hidden: opts.kind === 'tests' && round.hiddenTests > 0 ? { total: round.hiddenTests, passed: 0, state: 'pending' } : null,
      hiddenCases: null,
    }
    const entry: Entry = { roomId, run, seat: who.seat, interviewerSeat: round.interviewerSeat, chunks: 0 }
    r.active = entry
    r.entries.unshift(entry)
    r.entries.length = Math.min(r.entries.length, RUN_LIMITS.historyPerRoom)
    return run
  }

  private takeStart(r: RoomRuns, seat: string, t: number) {
    const recent = (r.starts.get(seat) ?? []).filter((x) => t - x < 60_000)
    if (recent.length >= RUN_LIMITS.runsPerMinutePerSeat) throw new AppError('RATE_LIMITED', 'Too many runs in the last minute; wait a little.')
    recent.push(t)
    r.starts.set(seat, recent)
  }

  /** The sender's running run, or NOT_FOUND / CONFLICT. */
  private own(roomId: string, who: RunActor, runId: string): Entry {
    const r = this.rooms.get(roomId)
    const entry = r?.entries.find((e) => e.run.id === runId)
    if (!entry || entry.seat !== who.seat) throw new AppError('NOT_FOUND', 'No such run of yours in this room.')
    if (entry.run.status !== 'running') throw new AppError('CONFLICT', 'That run has already finished.')
    return entry
  }

  /** Appends output; false once the run's output or chunk budget is spent (the chunk is dropped). */
  output(roomId: string, who: RunActor, runId: string, chunk: string): { entry: Entry; accepted: boolean } {
    const entry = this.own(roomId, who, runId)
    const room = entry.run.output.length
    if (entry.chunks >= RUN_LIMITS.chunksPerRun || room + chunk.length > RUN_LIMITS.outputChars) {
      entry.run.outputTruncated = true
      return { entry, accepted: false }
    }
    entry.chunks += 1
    entry.run.output += chunk
    return { entry, accepted: true }
  }

  /** Records the runner's result; the round must still be the run's round. */
  async finish(roomId: string, who: RunActor, currentRound: number, result: RunResultInput): Promise<Entry> {
    const entry = this.own(roomId, who, result.runId)
    if (entry.run.round !== currentRound) {
      await this.close(entry, 'abandoned')
      throw new AppError('CONFLICT', 'The round changed while the code ran; the result was not kept.')
    }
    if (entry.run.kind === 'code' && result.cases.length > 0) throw new AppError('BAD_REQUEST', 'A plain run has no test results.')
    const run = entry.run
    run.output = result.output
    run.outputTruncated = result.outputTruncated
    run.cases = result.cases
    run.error = result.error
    run.durationMs = result.durationMs
    await this.close(entry, result.status)
    return entry
  }

  /** The round interviewer's page reports the hidden tests it ran on a shared run's code. */
  async hidden(roomId: string, who: RunActor, runId: string, cases: CaseResult[]): Promise<Entry> {
    const entry = this.rooms.get(roomId)?.entries.find((e) => e.run.id === runId)
    if (!entry) {
      // Settled runs are only in the log: nothing waits for results there.
      const recorded = (await recordedRuns(this.store, roomId, RECENT_RECORDS)).some((rec) => rec.run.id === runId)
      if (recorded) throw new AppError('CONFLICT', 'This run has no hidden tests waiting for results.')
      throw new AppError('NOT_FOUND', 'No such run in this room.')
    }
    if (who.seat !== entry.interviewerSeat) throw new AppError('FORBIDDEN', 'Only the round interviewer runs hidden tests.')
    const h = entry.run.hidden
    if (!h || h.state !== 'pending') throw new AppError('CONFLICT', 'This run has no hidden tests waiting for results.')
    if (cases.length !== h.total) throw new AppError('BAD_REQUEST', `Expected ${h.total} hidden test results.`)
    entry.run.hidden = { total: h.total, passed: cases.filter((c) => c.passed).length, state: 'done' }
    entry.run.hiddenCases = cases
    // Updates the record only once the run itself is recorded (else `close` records both).
    if (entry.run.status !== 'running') {
      await this.record(entry, false)
      this.settle(entry)
    }
    return entry
  }

  private async close(entry: Entry, status: Run['status']): Promise<void> {
    entry.run.status = status
    entry.run.finishedAt = this.now()
    const r = this.rooms.get(entry.roomId)
    if (r?.active === entry) {
      r.active = null
      await this.lock?.release(entry.roomId, entry.run.id).catch(() => {})
    }
    await this.record(entry, true)
    this.settle(entry)
  }

  /** Appends the run to the room's event log (a copy: the entry may still change in memory). */
  private async record(entry: Entry, first: boolean): Promise<void> {
    const t = this.now()
    const payload: RecordedRun = { run: structuredClone(entry.run), interviewerSeat: entry.interviewerSeat }
    const states = []
    if (first) {
      const count = (await this.store.getState<{ count: number }>(entry.roomId, COUNT_KEY))?.count ?? 0
      states.push({ roomId: entry.roomId, key: COUNT_KEY, value: { count: count + 1 }, updatedAt: t })
    }
    await this.store.commit({
      states,
      events: [{ roomId: entry.roomId, type: RUN_EVENT, actor: entry.run.by.participantId, payload, createdAt: t }],
    })
  }

  /** A run with nothing left to wait for leaves memory. */
  private settle(entry: Entry) {
    if (entry.run.hidden?.state === 'pending') return
    const r = this.rooms.get(entry.roomId)
    if (!r) return
    r.entries = r.entries.filter((e) => e !== entry)
  }

  /** The room's runs as one seat may see them, newest first: recorded ones and those in flight here. */
  async history(roomId: string, seat: string, role: 'candidate' | 'interviewer' | 'observer'): Promise<Run[]> {
    // One bounded read of the newest run records, not the whole log (every join asks for this).
    const recorded = (await recordedRuns(this.store, roomId, RECENT_RECORDS)).reverse()
    const running = (this.rooms.get(roomId)?.entries ?? [])
      .filter((e) => e.run.status === 'running')
      .map((e): RecordedRun => ({ run: e.run, interviewerSeat: e.interviewerSeat }))
    return [...running, ...recorded].flatMap((rec) => runView(rec, seat, role) ?? []).slice(0, RUN_LIMITS.historyPerRoom)
  }

  /** Drops a room's runs from memory (room deleted, or unloaded with nothing in flight). */
  forget(roomId: string) {
    const r = this.rooms.get(roomId)
    if (r && !r.active) this.rooms.delete(roomId)
  }
}

/** What everyone may see of a shared run: hidden tests as counts only. */
export const publicRun = (run: Run): Run => ({ ...run, hiddenCases: null })
