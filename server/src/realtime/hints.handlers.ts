import { seatRoom } from './audience.ts'
import { requireRole, type CommandHandlers } from './command.ts'
import { actorOf, type InterviewRealtime } from './interview-context.ts'

/**
 * Hints: the interviewer sends one (from the ladder, reworded, or a custom nudge, optionally
 * anchored to a line) and everyone receives exactly what was sent. "I'm stuck" reaches only the
 * round's interviewer; the candidate's ack says whether the interviewer is online to see it now.
 * One raised while they were away is delivered when they come back (interview.handlers arrive).
 */
export function hintsHandlers({ io, interview, to }: InterviewRealtime): CommandHandlers {
  // Across nodes too (the adapter answers for every node's sockets).
  const online = async (roomId: string, seat: string) => (await io.in(seatRoom(roomId, seat)).fetchSockets()).length > 0
  return {
    'hint:send': async ({ who }, payload) => {
      requireRole(who, 'interviewer')
      const hint = await interview.sendHint(who.roomId, actorOf(who), payload)
      to.everyone(who.roomId, 'hint:sent', hint)
      return hint
    },
    'stuck:raise': async ({ who }) => {
      requireRole(who, 'candidate')
      const { signal, fresh, interviewerSeat } = await interview.raiseStuck(who.roomId, actorOf(who), (seat) => online(who.roomId, seat))
      if (fresh) to.seat(who.roomId, interviewerSeat, 'stuck:raised', signal)
      return { id: signal.id, at: signal.at, delivered: signal.delivered }
    },
  }
}
