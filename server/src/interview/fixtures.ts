import { fromCustomInput } from './question-bank.ts'
import { newRound, type RoundState } from './rounds.ts'
import * as clock from './clock.ts'

/** Test fixtures for the interview domain modules (no I/O). */
export const T0 = 1_700_000_000_000
export const SEATS = { candidate: 'seat-candidate', interviewer: 'seat-interviewer' } as const
export const ADA = { participantId: 'participant-ada', name: 'Ada' }
export const IVY = { participantId: 'participant-ivy', name: 'Ivy' }

export const ladderQuestion = fromCustomInput('custom-ladder', {
  title: 'Two sum',
  kind: 'coding',
  statement: 'Find two numbers that add up to the target.',
  hints: [{ text: 'Think about what you have already seen.' }, { text: 'A hash map from value to index.' }],
  starter: { javascript: 'function twoSum(nums, target) {\n}\n' },
})

/** A coding round with the ladder question, its clock started at T0. */
export function runningRound(): RoundState {
  const r = newRound(1, SEATS, T0)
  return { ...r, question: ladderQuestion, clock: clock.start(r.clock, T0) }
}
