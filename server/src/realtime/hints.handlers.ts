import { requireRole, type CommandHandlers } from './command.ts'
import { actorOf, type InterviewRealtime } from './interview-context.ts'

/**
 * Hints: the interviewer sends one (from the ladder, reworded, or a custom nudge, optionally
 * anchored to a line) and everyone receives exactly what was sent. "I'm stuck" reaches only the
 * round's interviewer; the candidate just gets the ack.
 */
export function hintsHandlers({ interview, to }: InterviewRealtime): CommandHandlers {
  return {
    'hint:send': async ({ who }, payload) => {
      requireRole(who, 'interviewer')
      const hint = await interview.sendHint(who.roomId, actorOf(who), payload)
      to.everyone(who.roomId, 'hint:sent', hint)
      return hint
    },
    'stuck:raise': async ({ who }) => {
      requireRole(who, 'candidate')
      const { signal, fresh, interviewerSeat } = await interview.raiseStuck(who.roomId, actorOf(who))
      if (fresh) to.seat(who.roomId, interviewerSeat, 'stuck:raised', signal)
      return { id: signal.id, at: signal.at }
    },
  }
}
