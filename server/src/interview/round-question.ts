import { AppError, type InterviewerQuestionView } from '@nudge/shared'
import { phasesFor } from './room-questions.ts'
import { readCode, replaceCode, type Documents } from './document.ts'
import { createClock } from './clock.ts'
import type { RoundState } from './rounds.ts'

/**
 * Sets a round's question. Before the clock starts only: the plan follows the question (unless
 * the interviewer edited it for a question of the same kind), and its starter code for the room's
 * language goes into the document, as one server edit, only if nobody has written anything this
 * round: the document is empty, still holds this round's previous starter, or still holds the
 * previous round's captured final code. So starter code is never inserted twice, even after a
 * restart (the decision is in the persisted round), and no one's work is overwritten. A behavioral
 * or design question also clears code carried over from any earlier round (`earlier`).
 */
export async function pickQuestion(
  docs: Documents, roomId: string, round: RoundState, q: InterviewerQuestionView, previous: RoundState | undefined,
  earlier: readonly RoundState[] = [],
): Promise<{ round: RoundState; starterInserted: boolean }> {
  if (round.clock.status !== 'idle') throw new AppError('CONFLICT', 'The question can only be changed before the clock starts.')
  const result = await docs.withDocument(roomId, (doc) => {
    const { text, language } = readCode(doc)
    const starter = q.kind === 'coding' ? (q.starter[language as keyof typeof q.starter] ?? '') : ''
    const untouched =
      text === '' ||
      (round.starter !== null && text === round.starter.text) ||
      (round.starter === null && previous?.finalCode !== null && previous?.finalCode !== undefined && text === previous.finalCode.text)
    // A round without code must not open on a coding round's leftovers: any starter or final code
    // of an earlier round (kept in that round's debrief) counts as untouched too.
    const leftover = q.kind !== 'coding' && earlier.some((r) => r.starter?.text === text || r.finalCode?.text === text)
    if (!untouched && !leftover) return { changed: false, starter: null }
    return { changed: replaceCode(doc, starter), starter: { questionId: q.id, language, text: starter.replace(/\r\n?/g, '\n') } }
  })
  const keepPlan = round.phasesCustomized && round.kind === q.kind
  const clock = keepPlan ? round.clock : { ...createClock(phasesFor(q)), version: round.clock.version + 1 }
  return {
    round: {
      ...round,
      kind: q.kind,
      question: q,
      clock,
      phasesCustomized: keepPlan,
      starter: result.starter ?? round.starter,
    },
    starterInserted: result.changed,
  }
}
