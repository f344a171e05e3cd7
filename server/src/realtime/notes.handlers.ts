import { requireRole, type CommandHandlers } from './command.ts'
import { actorOf, type InterviewRealtime } from './interview-context.ts'

/** Private interviewer notes: they only ever go to the round interviewer's seat. */
export function notesHandlers({ interview, to }: InterviewRealtime): CommandHandlers {
  return {
    'note:add': async ({ who }, { text }) => {
      requireRole(who, 'interviewer')
      const { note, round } = await interview.addNote(who.roomId, actorOf(who), text)
      to.seat(who.roomId, round.seats.interviewer, 'note:added', note)
      return note
    },
  }
}
