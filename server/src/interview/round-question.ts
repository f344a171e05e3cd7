import { AppError, clockStamp, type InterviewerQuestionView } from '@nudge/shared'
import { phasesFor } from './room-questions.ts'
import { readCode, replaceCode, type Documents } from './document.ts'
import { createClock } from './clock.ts'
import type { RoundState } from './rounds.ts'

/** Whitespace (a stray Tab or Enter) is not something anyone wrote. */
const blank = (text: string) => text.trim() === ''

/**
 * Sets a round's question, at any time before the round ends. Before the clock starts the plan
 * follows the question (unless the interviewer edited it for a question of the same kind); once
 * it runs, the clock is kept as it is and the change is a line in the timeline. The question's
 * starter code for the room's language goes into the document, as one server edit, only if nobody
 * has written anything this round: the document is blank, still holds this round's previous starter, or still holds the
 * previous round's captured final code. So starter code is never inserted twice, even after a
 * restart (the decision is in the persisted round), and no one's work is overwritten. A behavioral
 * or design question also clears code carried over from any earlier round (`earlier`).
 */
export async function pickQuestion(
  docs: Documents, roomId: string, round: RoundState, q: InterviewerQuestionView, previous: RoundState | undefined,
  earlier: readonly RoundState[] = [], now = Date.now(),
): Promise<{ round: RoundState; starterInserted: boolean }> {
  if (round.clock.status === 'ended') throw new AppError('CONFLICT', 'This round has ended; start the next round to use another question.')
  if (round.clock.status !== 'idle' && round.kind !== q.kind) {
    throw new AppError('CONFLICT', 'A question of another kind needs its own plan: end this round and start the next one with it.')
  }
  const result = await docs.withDocument(roomId, (doc) => {
    const { text, language } = readCode(doc)
    const starter = q.kind === 'coding' ? (q.starter[language as keyof typeof q.starter] ?? '') : ''
    const untouched =
      blank(text) ||
      (round.starter !== null && text === round.starter.text) ||
      (round.starter === null && previous?.finalCode !== null && previous?.finalCode !== undefined && text === previous.finalCode.text)
    // A round without code must not open on a coding round's leftovers: any starter or final code
    // of an earlier round (kept in that round's debrief) counts as untouched too.
    const leftover = q.kind !== 'coding' && earlier.some((r) => r.starter?.text === text || r.finalCode?.text === text)
    if (!untouched && !leftover) return { changed: false, starter: null }
    return { changed: replaceCode(doc, starter), starter: { questionId: q.id, language, text: starter.replace(/\r\n?/g, '\n') } }
  })
  const idle = round.clock.status === 'idle'
  const keepPlan = !idle || (round.phasesCustomized && round.kind === q.kind)
  const clock = keepPlan ? round.clock : { ...createClock(phasesFor(q)), version: round.clock.version + 1 }
  const stamp = clockStamp(round.clock, now)
  const line = idle ? [] : [{
    kind: 'question' as const, at: now, elapsedMs: stamp.elapsedMs, phaseId: stamp.phaseId,
    label: round.question ? `Question changed: ${round.question.title} → ${q.title}` : `Question picked: ${q.title}`,
  }]
  return {
    round: {
      ...round,
      kind: q.kind,
      question: q,
      clock,
      phasesCustomized: keepPlan && round.phasesCustomized,
      starter: result.starter ?? round.starter,
      clockLog: [...round.clockLog, ...line],
    },
    starterInserted: result.changed,
  }
}
