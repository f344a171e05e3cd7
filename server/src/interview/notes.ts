import { AppError, INTERVIEW_LIMITS, clockStamp, type Note } from '@nudge/shared'
import type { Author } from './hints.ts'
import type { RoundState } from './rounds.ts'

/** A private interviewer note, stamped with the clock's phase and elapsed time. */
export function addNote(round: RoundState, text: string, by: Author, now: number, id: string): { round: RoundState; note: Note } {
  if (round.notes.length >= INTERVIEW_LIMITS.itemsPerRound) throw new AppError('TOO_LARGE', 'This round has too many notes.')
  const note: Note = { id, round: round.n, text, at: now, stamp: clockStamp(round.clock, now), by: by.name }
  return { round: { ...round, notes: [...round.notes, note] }, note }
}
