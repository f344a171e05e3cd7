import { requireRole, type CommandHandlers } from './command.ts'
import { actorOf, type InterviewRealtime } from './interview-context.ts'

/** The clarifying-questions ledger: visible to everyone in the room. */
export function ledgerHandlers({ interview, to }: InterviewRealtime): CommandHandlers {
  return {
    'clarify:ask': async ({ who }, { text }) => {
      requireRole(who, 'candidate')
      const item = await interview.ask(who.roomId, actorOf(who), text)
      to.everyone(who.roomId, 'clarify:asked', item)
      return item
    },
    'clarify:answer': async ({ who }, { id, text }) => {
      requireRole(who, 'interviewer')
      const item = await interview.answer(who.roomId, actorOf(who), id, text)
      to.everyone(who.roomId, 'clarify:answered', item)
      return item
    },
    'clarify:pin': async ({ who }, { id, pinned }) => {
      requireRole(who, 'candidate', 'interviewer')
      const item = await interview.pin(who.roomId, actorOf(who), id, pinned)
      to.everyone(who.roomId, 'clarify:pinned', item)
      return item
    },
  }
}
