import { AppError, RUN_LIMITS, type CaseResult, type Run, type RunKind, type RunResultInput, type Language } from '@nudge/shared'
import { newId } from '../interview/ids.ts'

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
  /** Newest first, at most RUN_LIMITS.historyPerRoom. */
  entries: Entry[]
  active: Entry | null
}

/**
 * The runs of each room on this node: one run at a time per room, a per-seat start rate, bounded
 * output and history. Transport-free: the handlers decide who receives what through the views
 * below. Kept in memory (a short history for late joiners), not in the store; see docs/runner.md.
 */
export class RunLog {
  private readonly rooms = new Map<string, RoomRuns>()
  private readonly starts = new Map<string, number[]>()

  constructor(private readonly now: () => number = Date.now) {}

  private room(roomId: string): RoomRuns {
    let r = this.rooms.get(roomId)
    if (!r) {
      r = { entries: [], active: null }
      this.rooms.set(roomId, r)
    }
    return r
  }

  start(
    roomId: string,
    who: RunActor,
    round: RunRound,
    opts: { language: Language; kind: RunKind; private: boolean; stateVector: string | null },
  ): Run {
    const r = this.room(roomId)
    const t = this.now()
    if (r.active && t - r.active.run.startedAt > RUN_LIMITS.abandonAfterMs) this.close(r.active, 'abandoned')
    if (r.active) throw new AppError('CONFLICT', `${r.active.run.by.name} is running code; wait for it to finish.`)
    this.takeStart(`${roomId}\n${who.seat}`, t)
    const run: Run = {
      id: newId(),
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

  private takeStart(key: string, t: number) {
    const recent = (this.starts.get(key) ?? []).filter((x) => t - x < 60_000)
    if (recent.length >= RUN_LIMITS.runsPerMinutePerSeat) throw new AppError('RATE_LIMITED', 'Too many runs in the last minute; wait a little.')
    recent.push(t)
    this.starts.set(key, recent)
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
  finish(roomId: string, who: RunActor, currentRound: number, result: RunResultInput): Entry {
    const entry = this.own(roomId, who, result.runId)
    if (entry.run.round !== currentRound) {
      this.close(entry, 'abandoned')
      throw new AppError('CONFLICT', 'The round changed while the code ran; the result was not kept.')
    }
    if (entry.run.kind === 'code' && result.cases.length > 0) throw new AppError('BAD_REQUEST', 'A plain run has no test results.')
    const run = entry.run
    run.output = result.output
    run.outputTruncated = result.outputTruncated
    run.cases = result.cases
    run.error = result.error
    run.durationMs = result.durationMs
    this.close(entry, result.status)
    return entry
  }

  /** The round interviewer's page reports the hidden tests it ran on a shared run's code. */
  hidden(roomId: string, who: RunActor, runId: string, cases: CaseResult[]): Entry {
    const entry = this.rooms.get(roomId)?.entries.find((e) => e.run.id === runId)
    if (!entry) throw new AppError('NOT_FOUND', 'No such run in this room.')
    if (who.seat !== entry.interviewerSeat) throw new AppError('FORBIDDEN', 'Only the round interviewer runs hidden tests.')
    const h = entry.run.hidden
    if (!h || h.state !== 'pending') throw new AppError('CONFLICT', 'This run has no hidden tests waiting for results.')
    if (cases.length !== h.total) throw new AppError('BAD_REQUEST', `Expected ${h.total} hidden test results.`)
    entry.run.hidden = { total: h.total, passed: cases.filter((c) => c.passed).length, state: 'done' }
    entry.run.hiddenCases = cases
    return entry
  }

  private close(entry: Entry, status: Run['status']) {
    entry.run.status = status
    entry.run.finishedAt = this.now()
    const r = this.rooms.get(entry.roomId)
    if (r?.active === entry) r.active = null
  }

  /** The room's runs as one seat may see them, newest first. */
  history(roomId: string, seat: string, role: 'candidate' | 'interviewer' | 'observer'): Run[] {
    const entries = this.rooms.get(roomId)?.entries ?? []
    return entries.flatMap((e) => {
      const staff = role === 'interviewer' && seat === e.interviewerSeat
      if (e.run.private && !staff) return []
      return [staff ? e.run : publicRun(e.run)]
    })
  }

  /** Drops a room's runs (room deleted). */
  forget(roomId: string) {
    this.rooms.delete(roomId)
  }
}

/** What everyone may see of a shared run: hidden tests as counts only. */
export const publicRun = (run: Run): Run => ({ ...run, hiddenCases: null })
