import type { CommandHandlers } from './command.ts'
import { actorOf, type InterviewRealtime } from './interview-context.ts'

/**
 * Scorecards and self-assessments. A round's scorecard belongs to whoever was that round's
 * interviewer, even after a role swap, so the service checks the sender's seat in the round
 * (from the server's socket record) rather than their role now.
 */
export function scorecardHandlers({ interview, to }: InterviewRealtime): CommandHandlers {
  return {
    'scorecard:save': async ({ who }, { round: n, ...input }) => {
      const { scorecard, round } = await interview.saveScorecard(who.roomId, actorOf(who), n, input)
      to.seat(who.roomId, round.seats.interviewer, 'scorecard:saved', scorecard)
      return scorecard
    },
    'scorecard:share': async ({ who }, { round: n }) => {
      const { scorecard, round } = await interview.shareScorecard(who.roomId, actorOf(who), n)
      to.everyone(who.roomId, 'scorecard:shared', { round: round.n, scorecard, selfAssessment: round.selfAssessment })
      return scorecard
    },
    'selfassessment:save': async ({ who }, { round: n, ...input }) => {
      const { selfAssessment, round } = await interview.saveSelfAssessment(who.roomId, actorOf(who), n, input)
      to.seat(who.roomId, round.seats.interviewer, 'selfassessment:saved', selfAssessment)
      to.seat(who.roomId, round.seats.candidate, 'selfassessment:saved', selfAssessment)
      return selfAssessment
    },
  }
}
