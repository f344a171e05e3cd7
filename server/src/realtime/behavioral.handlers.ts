import { AppError, type CommandResult, type Role } from '@nudge/shared'
import * as b from '../interview/behavioral.ts'
import { newId } from '../interview/ids.ts'
import type { RoundState } from '../interview/rounds.ts'
import { requireRole, type CommandHandlers } from './command.ts'
import { actorOf, type InterviewRealtime } from './interview-context.ts'

/**
 * Behavioral answers, reviews and stories. After every change each seat gets the round's
 * behavioral state as its role may see it (`behavioral:updated`, seat-only): the interviewer the
 * checklist and scores, the candidate their self-review and brought titles, the observer seat
 * only the questions, timings and shared stories. Story text arrives only with `story:share`.
 */
export function behavioralHandlers({ interview, rooms, to }: InterviewRealtime): CommandHandlers {
  async function tell(roomId: string, round: RoundState) {
    const observer = (await rooms.seats(roomId)).observer
    const seats: [string | undefined, Role][] = [[round.seats.interviewer, 'interviewer'], [round.seats.candidate, 'candidate'], [observer, 'observer']]
    for (const [seat, role] of seats) {
      const view = b.behavioralView(round, role)
      if (seat && view) to.seat(roomId, seat, 'behavioral:updated', view)
    }
  }
  /** The changed answer as the sender (interviewer or candidate) sees it. */
  const mine = (round: RoundState, a: b.AnswerState, role: Role): CommandResult<'answer:start'> => b.answerView(round, a, role)

  return {
    'answer:start': async ({ who }, { questionId }) => {
      requireRole(who, 'interviewer')
      const { round, result } = await interview.behavioral(who.roomId, actorOf(who), 'interviewer', 'answer.started', (r, now, questions) => {
        const q = questions.get(questionId)
        if (!q) throw new AppError('NOT_FOUND', 'No such question.')
        const out = b.startAnswer(r, q, now, newId())
        return { round: out.round, result: out.answer }
      })
      await tell(who.roomId, round)
      return mine(round, result, 'interviewer')
    },
    'answer:advance': async ({ who }, { answerId, to: step }) => {
      requireRole(who, 'interviewer')
      const { round, result } = await interview.behavioral(who.roomId, actorOf(who), 'interviewer', `answer.${step}`, (r, now) => {
        const out = b.advanceAnswer(r, answerId, step, now)
        return { round: out.round, result: out.answer }
      })
      await tell(who.roomId, round)
      return mine(round, result, 'interviewer')
    },
    'answer:review': async ({ who }, { answerId, ...patch }) => {
      requireRole(who, 'interviewer')
      const { round, result } = await interview.behavioral(who.roomId, actorOf(who), 'interviewer', 'answer.reviewed', (r) => {
        const out = b.reviewAnswer(r, answerId, patch)
        return { round: out.round, result: out.answer }
      })
      await tell(who.roomId, round)
      return mine(round, result, 'interviewer')
    },
    'answer:self': async ({ who }, { answerId, ...patch }) => {
      requireRole(who, 'candidate')
      const { round, result } = await interview.behavioral(who.roomId, actorOf(who), 'candidate', 'answer.self', (r) => {
        const out = b.selfReview(r, answerId, patch)
        return { round: out.round, result: out.answer }
      })
      await tell(who.roomId, round)
      return mine(round, result, 'candidate')
    },
    'bank:bring': async ({ who }, bank) => {
      requireRole(who, 'candidate')
      const { round } = await interview.behavioral(who.roomId, actorOf(who), 'candidate', 'bank.brought', (r) => ({ round: b.bringBank(r, bank), result: bank }))
      await tell(who.roomId, round)
      return bank
    },
    'story:share': async ({ who }, { story, text, answerId }) => {
      requireRole(who, 'candidate')
      const { round, result } = await interview.behavioral(who.roomId, actorOf(who), 'candidate', 'story.shared', (r, now) => {
        const out = b.shareStory(r, story, text, answerId, now)
        return { round: out.round, result: out.shared }
      })
      to.everyone(who.roomId, 'story:shared', result)
      await tell(who.roomId, round)
      return result
    },
  }
}
