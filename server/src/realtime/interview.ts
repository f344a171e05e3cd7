import * as Y from 'yjs'
import type { FastifyInstance } from 'fastify'
import { ClockAlarms } from '../interview/clock-alarms.ts'
import { audience } from './audience.ts'
import { behavioralHandlers } from './behavioral.handlers.ts'
import { clockHandlers, runClock } from './clock.handlers.ts'
import { hintsHandlers } from './hints.handlers.ts'
import { interviewHandlers } from './interview.handlers.ts'
import { actorOf, type InterviewRealtime } from './interview-context.ts'
import { ledgerHandlers } from './ledger.handlers.ts'
import { notesHandlers } from './notes.handlers.ts'
import { scorecardHandlers } from './scorecards.handlers.ts'
import type { CommandHandlers } from './command.ts'
import { runsHandlers } from './runs.handlers.ts'
import { RunLog } from '../runs/run-log.ts'
import { redisRunLock } from '../limits/run-lock.ts'
import type { AppSocket, IO } from './types.ts'
import type { Actor } from '../interview/interview-service.ts'
import type { ClockAction } from '../interview/round-clock.ts'

/**
 * Assembles the interview handler modules, the connect hook and the clock's warning timers.
 * Warnings go to the room's sockets on this node only: every node with sockets in the room arms
 * its own timers (on connect, on local changes, and when another node reports a change), and
 * re-reads the stored clock before firing, so each participant gets each warning once.
 */
export function interviewRealtime(io: IO, app: FastifyInstance, redisPrefix = 'nudge:') {
  const to = audience(io)
  const clustered = app.redis !== null
  const alarms = new ClockAlarms(
    (roomId, warning) => to.everyoneHere(roomId, 'clock:warning', warning),
    Date.now,
    (roomId) => app.interview.currentClock(roomId),
  )
  const ctx: InterviewRealtime = {
    io, interview: app.interview, rooms: app.rooms, alarms, to,
    notifyNodes: (event, roomId) => {
      if (clustered) io.serverSideEmit(event, { roomId })
    },
  }
  const rounds = interviewHandlers(ctx)
  const runs = runsHandlers(ctx, {
    // Scaled mode: one run per room across nodes, through a Redis lease.
    runs: new RunLog(app.store, Date.now, app.redis ? redisRunLock(app.redis, redisPrefix) : undefined),
    stateVector: (roomId) => {
      const doc = app.collab.get(roomId)?.doc
      return doc ? Buffer.from(Y.encodeStateVector(doc)).toString('base64') : null
    },
  })
  const handlers: CommandHandlers = {
    ...rounds.handlers,
    ...clockHandlers(ctx),
    ...hintsHandlers(ctx),
    ...ledgerHandlers(ctx),
    ...notesHandlers(ctx),
    ...scorecardHandlers(ctx),
    ...behavioralHandlers(ctx),
    ...runs.handlers,
  }

  const hasLocalSockets = (roomId: string) => (io.of('/').adapter.rooms.get(roomId)?.size ?? 0) > 0
  io.on('interview:clock', ({ roomId }) => {
    if (!hasLocalSockets(roomId)) return
    app.interview.currentClock(roomId).then(
      (c) => c && alarms.arm(roomId, c.round, c.clock),
      (err: unknown) => app.log.warn({ err, roomId }, 'interview: re-arming clock warnings failed'),
    )
  })
  io.on('interview:swapped', ({ roomId }) => {
    if (!hasLocalSockets(roomId)) return
    rounds.applySwap(roomId).catch((err: unknown) => app.log.warn({ err, roomId }, 'interview: applying a role swap failed'))
  })

  const arrive = async (socket: AppSocket) => {
    await rounds.arrive(socket)
    await runs.arrive(socket)
  }
  let closing = false
  /**
   * "Pause the clock when I drop": when the round's interviewer has no connection left in the
   * room (on any node) and the setting is on, the server pauses a running clock as them. Only
   * they resume it. Not while the server shuts down: a restart is not the interviewer leaving.
   */
  const depart = async (socket: AppSocket) => {
    const { roomId, role } = socket.data
    if (closing || role !== 'interviewer') return
    const left = await io.in(roomId).fetchSockets()
    if (left.some((s) => s.data.role === 'interviewer')) return
    const [settings, current] = await Promise.all([app.interview.settings(roomId), app.interview.currentClock(roomId)])
    if (!settings.pauseOnDrop || current?.clock.status !== 'running') return
    await runClock(ctx, roomId, actorOf(socket.data), { type: 'pause' })
  }
  const clock = (roomId: string, actor: Actor, action: ClockAction) => runClock(ctx, roomId, actor, action)
  const close = () => {
    closing = true
    alarms.close()
  }
  return { handlers, arrive, depart, alarms, clock, close }
}
