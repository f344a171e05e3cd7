import type { CommandPayload, Run, RunResultInput, ServerToClientEvents } from '@nudge/shared'
import { appendOutput, mergeHistory, upsertRun } from './runs.ts'
import { command, type NudgeSocket } from './socket.ts'

export interface RunsSnapshot {
  runs: Run[]
}

type Started = Parameters<ServerToClientEvents['run:started']>[0]

/**
 * The runs side of a room connection: folds run events (shared and, on the interviewer's seat,
 * private ones) into one list for React and wraps the run commands.
 */
export class RunsClient {
  private snapshot: RunsSnapshot = { runs: [] }
  private readonly listeners = new Set<() => void>()
  private readonly startedListeners = new Set<(e: Started) => void>()

  constructor(private readonly socket: NudgeSocket) {
    const started = (e: Started) => {
      this.set(upsertRun(this.snapshot.runs, e.run))
      for (const l of this.startedListeners) l(e)
    }
    socket.on('run:started', started)
    socket.on('run:staff-started', started)
    socket.on('run:output', ({ runId, chunk }) => this.set(appendOutput(this.snapshot.runs, runId, chunk)))
    socket.on('run:staff-output', ({ runId, chunk }) => this.set(appendOutput(this.snapshot.runs, runId, chunk)))
    socket.on('run:finished', (run) => this.set(upsertRun(this.snapshot.runs, run)))
    socket.on('run:staff-finished', (run) => this.set(upsertRun(this.snapshot.runs, run)))
    socket.on('run:history', ({ runs }) => this.set(mergeHistory(this.snapshot.runs, runs)))
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getSnapshot = (): RunsSnapshot => this.snapshot

  /** Called for every run someone starts (with the code it runs); used to run hidden tests. */
  onStarted(listener: (e: Started) => void): () => void {
    this.startedListeners.add(listener)
    return () => this.startedListeners.delete(listener)
  }

  private set(runs: Run[]) {
    if (runs === this.snapshot.runs) return
    this.snapshot = { runs }
    for (const l of this.listeners) l()
  }

  async start(payload: CommandPayload<'run:start'>): Promise<Run> {
    const run = await command(this.socket, 'run:start', payload)
    this.set(upsertRun(this.snapshot.runs, run))
    return run
  }

  output(runId: string, chunk: string): Promise<unknown> {
    return command(this.socket, 'run:output', { runId, chunk })
  }

  async finish(result: RunResultInput): Promise<Run> {
    const run = await command(this.socket, 'run:finish', result)
    this.set(upsertRun(this.snapshot.runs, run))
    return run
  }

  hidden(payload: CommandPayload<'run:hidden'>): Promise<unknown> {
    return command(this.socket, 'run:hidden', payload)
  }
}
