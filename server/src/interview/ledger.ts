import { AppError, INTERVIEW_LIMITS, clockStamp, type ClarifyItem } from '@nudge/shared'
import type { Author } from './hints.ts'
import type { RoundState } from './rounds.ts'

/**
 * The clarifying-questions ledger: the candidate asks, the interviewer answers (and may correct
 * an answer), and answered items can be pinned as the assumptions both sides agreed on.
 */

export function ask(round: RoundState, text: string, by: Author, now: number, id: string): { round: RoundState; item: ClarifyItem } {
  if (round.clarifications.length >= INTERVIEW_LIMITS.itemsPerRound) throw new AppError('TOO_LARGE', 'This round has too many questions.')
  const item: ClarifyItem = {
    id, round: round.n, question: text, askedAt: now, askedBy: by.name, stamp: clockStamp(round.clock, now),
    answer: null, answeredAt: null, answeredBy: null, pinned: false,
  }
  return { round: { ...round, clarifications: [...round.clarifications, item] }, item }
}

function update(round: RoundState, id: string, change: (item: ClarifyItem) => ClarifyItem): { round: RoundState; item: ClarifyItem } {
  const current = round.clarifications.find((c) => c.id === id)
  if (!current) throw new AppError('NOT_FOUND', 'No such question in this round.')
  const item = change(current)
  return { round: { ...round, clarifications: round.clarifications.map((c) => (c.id === id ? item : c)) }, item }
}

export function answer(round: RoundState, id: string, text: string, by: Author, now: number) {
  return update(round, id, (c) => ({ ...c, answer: text, answeredAt: now, answeredBy: by.name }))
}

export function pin(round: RoundState, id: string, pinned: boolean) {
  return update(round, id, (c) => {
    if (pinned && c.answer === null) throw new AppError('CONFLICT', 'Only answered questions can be pinned as assumptions.')
    return { ...c, pinned }
  })
}
