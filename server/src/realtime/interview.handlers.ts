import type { Participant, SocketData } from '@nudge/shared'
import { debriefMarkdown } from '../interview/debrief-markdown.ts'
import { candidateQuestion, roleInRound, roundInfo } from '../interview/rounds.ts'
import { seatRoom } from './audience.ts'
import { requireRole, type CommandHandlers } from './command.ts'
import { actorOf, type InterviewRealtime } from './interview-context.ts'
import type { AppSocket } from './types.ts'

/**
 * Rounds, questions and debriefs, and what a socket receives when it (re)connects: its seat's
 * private room, the round as its role may see it, and, for the round's interviewer, the private
 * view. Connecting also re-arms the clock's warnings, so they resume after a server restart.
 */
export function interviewHandlers(ctx: InterviewRealtime) {
  const { io, interview, rooms, alarms, to, notifyNodes } = ctx

  async function sendState(socket: AppSocket) {
    const snap = await interview.snapshot(socket.data.roomId, actorOf(socket.data), socket.data.role)
    socket.emit('interview:state', snap.state)
    if (snap.staff) socket.emit('staff:state', snap.staff)
    return snap
  }

  /**
   * After a role swap, on this node: each local socket of the room gets its role in the new
   * round (from its seat), is told so, and receives the new round's state. Other nodes do the
   * same for their sockets when told (`interview:swapped`).
   */
  async function applySwap(roomId: string) {
    const round = await interview.currentRound(roomId)
    if (!round) return
    const sockets = [...io.of('/').sockets.values()].filter((s) => s.data.roomId === roomId)
    for (const socket of sockets) {
      const was = socket.data.role
      const role = was === 'observer' ? 'observer' : roleInRound(round, socket.data.seat)
      if (role === was) continue
      socket.data.role = role
      const p = await rooms.arrive(roomId, socket.data.participantId, socket.data.name, role)
      const wire: Participant = { id: p.id, name: p.name, role: p.role, color: p.color, online: true, lastSeenAt: p.lastSeenAt }
      io.to(roomId).emit('presence:updated', wire)
      socket.emit('role:changed', { role, round: round.n })
    }
    await Promise.all(sockets.map((s) => sendState(s)))
  }

  /**
   * Another round, by the interviewer: with the roles swapped or the same roles; the question
   * picked now or later. Everyone is told, each socket gets its (maybe new) role and state, and
   * the other nodes do the same for theirs.
   */
  async function startRound(who: SocketData, how: 'swap' | 'next', questionId: string | undefined) {
    requireRole(who, 'interviewer')
    const { round } = await interview[how](who.roomId, actorOf(who), questionId)
    alarms.arm(who.roomId, round.n, round.clock)
    to.everyone(who.roomId, 'round:started', roundInfo(round))
    await applySwap(who.roomId)
    notifyNodes('interview:swapped', who.roomId)
    return roundInfo(round)
  }

  return {
    applySwap,

    /** Call on connection, before anything else can be emitted to the socket's seat. */
    async arrive(socket: AppSocket) {
      await socket.join(seatRoom(socket.data.roomId, socket.data.seat))
      // A session recovered by the adapter (scaled mode) skips the handshake and brings back the
      // role it had; after a swap meanwhile, the seat's role in the current round is the truth.
      const current = socket.recovered ? await interview.currentRound(socket.data.roomId) : undefined
      if (current && socket.data.role !== 'observer') socket.data.role = roleInRound(current, socket.data.seat)
      const snap = await sendState(socket)
      socket.emit('settings:updated', await interview.settings(socket.data.roomId))
      alarms.arm(socket.data.roomId, snap.round.n, snap.round.clock)
      // The staff state just sent holds them undelivered, so this client alerts; the next won't.
      if (snap.staff?.stuck.some((s) => !s.delivered)) await interview.deliverStuck(socket.data.roomId, actorOf(socket.data))
    },

    handlers: {
      'interview:sync': async ({ who }) => {
        const { state, staff } = await interview.snapshot(who.roomId, actorOf(who), who.role)
        return { state, staff }
      },
      'question:get': async ({ who }, { questionId }) => {
        requireRole(who, 'interviewer')
        return interview.getQuestion(who.roomId, actorOf(who), questionId)
      },
      'question:pick': async ({ who }, { questionId }) => {
        requireRole(who, 'interviewer')
        const { round, result } = await interview.pick(who.roomId, actorOf(who), questionId)
        to.everyone(who.roomId, 'question:picked', { round: round.n, question: candidateQuestion(result.question) })
        to.seat(who.roomId, round.seats.interviewer, 'question:briefed', { round: round.n, question: result.question })
        to.everyone(who.roomId, 'clock:updated', { round: round.n, clock: round.clock, serverNow: Date.now() })
        return { round: roundInfo(round), question: result.question, starterInserted: result.starterInserted }
      },
      'question:create': async ({ who }, { question }) => {
        requireRole(who, 'interviewer')
        const summary = await interview.createQuestion(who.roomId, actorOf(who), question)
        to.seat(who.roomId, who.seat, 'question:created', summary)
        return summary
      },
      'question:import': async ({ who }, { format, text }) => {
        requireRole(who, 'interviewer')
        const summary = await interview.importQuestion(who.roomId, actorOf(who), format, text)
        to.seat(who.roomId, who.seat, 'question:created', summary)
        return summary
      },
      'question:export': async ({ who }, { questionId, format }) => {
        requireRole(who, 'interviewer')
        return interview.exportQuestion(who.roomId, actorOf(who), questionId, format)
      },
      'round:swap': ({ who }, { questionId }) => startRound(who, 'swap', questionId),
      'round:next': ({ who }, { questionId }) => startRound(who, 'next', questionId),
      'debrief:get': async ({ who }, { round, format }) => {
        const debrief = await interview.debrief(who.roomId, who.seat, round)
        return { debrief, markdown: format === 'markdown' ? debriefMarkdown(debrief) : null }
      },
    } satisfies CommandHandlers,
  }
}
