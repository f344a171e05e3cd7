import { AppError, LANGUAGE_LABELS, canRunInBrowser } from '@nudge/shared'
import { publicRun, type RunLog, type RunRound } from '../runs/run-log.ts'
import type { RoundState } from '../interview/rounds.ts'
import { requireRole, type CommandHandlers } from './command.ts'
import { actorOf, type InterviewRealtime } from './interview-context.ts'
import type { AppSocket } from './types.ts'

export interface RunsDeps {
  runs: RunLog
  /** Base64 state vector of the room's code document on this node, if it is loaded here. */
  stateVector(roomId: string): string | null
}

function runRound(round: RoundState): RunRound {
  const c = round.clock
  const q = round.question
  return {
    n: round.n,
    interviewerSeat: round.seats.interviewer,
    phase: c.status === 'idle' ? null : (c.phases[c.phaseIndex]?.id ?? null),
    hiddenTests: q?.kind === 'coding' ? q.tests.filter((t) => t.hidden).length : 0,
  }
}

/**
 * Code runs (docs/runner.md): the browser that runs the code reports, the server checks who may
 * run, bounds what it relays and sends each part to its audience. Shared runs go to everyone with
 * hidden-test details stripped; private runs and hidden details only to the round interviewer's seat.
 */
export function runsHandlers({ interview, to }: InterviewRealtime, { runs, stateVector }: RunsDeps) {
  async function current(roomId: string): Promise<RoundState> {
    const round = await interview.currentRound(roomId)
    if (!round) throw new AppError('NOT_FOUND', 'This room has no round yet.')
    return round
  }

  const handlers: CommandHandlers = {
    'run:start': async ({ who }, p) => {
      requireRole(who, 'candidate', 'interviewer')
      if (p.private) requireRole(who, 'interviewer')
      if (!canRunInBrowser(p.language)) {
        throw new AppError('BAD_REQUEST', `This server cannot run ${LANGUAGE_LABELS[p.language]} yet; JavaScript, TypeScript and Python run in the browser.`)
      }
      const round = await current(who.roomId)
      if (p.kind === 'tests' && round.question?.kind !== 'coding') throw new AppError('CONFLICT', 'Pick a coding question to run its tests.')
      const run = await runs.start(who.roomId, actorOf(who), runRound(round), {
        language: p.language, kind: p.kind, private: p.private, stateVector: stateVector(who.roomId),
      })
      if (run.private) to.seat(who.roomId, round.seats.interviewer, 'run:staff-started', { run, code: p.code })
      else to.everyone(who.roomId, 'run:started', { run: publicRun(run), code: p.code })
      return run
    },
    'run:output': ({ who }, { runId, chunk }) => {
      const { entry, accepted } = runs.output(who.roomId, actorOf(who), runId, chunk)
      if (accepted) {
        if (entry.run.private) to.seat(who.roomId, entry.interviewerSeat, 'run:staff-output', { runId, chunk })
        else to.everyone(who.roomId, 'run:output', { runId, chunk })
      }
      return { accepted }
    },
    'run:finish': async ({ who }, result) => {
      const round = await current(who.roomId)
      const entry = await runs.finish(who.roomId, actorOf(who), round.n, result)
      if (entry.run.private) to.seat(who.roomId, entry.interviewerSeat, 'run:staff-finished', entry.run)
      else to.everyone(who.roomId, 'run:finished', publicRun(entry.run))
      // The interviewer's page may have reported hidden results before the runner finished: the
      // ack carries them only to the interviewer's seat, like the broadcast.
      return who.role === 'interviewer' && who.seat === entry.interviewerSeat ? entry.run : publicRun(entry.run)
    },
    'run:hidden': async ({ who }, { runId, cases }) => {
      requireRole(who, 'interviewer')
      const entry = await runs.hidden(who.roomId, actorOf(who), runId, cases)
      if (!entry.run.private) to.everyone(who.roomId, 'run:finished', publicRun(entry.run))
      to.seat(who.roomId, entry.interviewerSeat, 'run:staff-finished', entry.run)
      return { ok: true as const }
    },
    'run:list': async ({ who }) => ({ runs: await runs.history(who.roomId, who.seat, who.role) }),
  }

  return {
    handlers,
    /** On connect: the room's runs as this socket may see them. */
    async arrive(socket: AppSocket) {
      socket.emit('run:history', { runs: await runs.history(socket.data.roomId, socket.data.seat, socket.data.role) })
    },
  }
}
