import type { AnswerView, CustomQuestionInput } from '@nudge/shared'

/** The answer on stage: the one still open, else the last one. */
export const currentAnswer = (answers: readonly AnswerView[]): AnswerView | null =>
  answers.find((a) => a.endedAt === null) ?? answers[answers.length - 1] ?? null

/** Time on the main answer and on follow-ups, at server time `now`. */
export function answerTimes(a: AnswerView, now: number): { answerMs: number; followUpMs: number; phase: 'answer' | 'follow-up' | 'ended' } {
  const end = a.endedAt ?? now
  return {
    answerMs: Math.max(0, (a.followUpAt ?? end) - a.startedAt),
    followUpMs: a.followUpAt === null ? 0 : Math.max(0, end - a.followUpAt),
    phase: a.endedAt !== null ? 'ended' : a.followUpAt !== null ? 'follow-up' : 'answer',
  }
}

/** Suggested spoken lengths: a STAR answer runs about two minutes, follow-ups about three. */
export const ANSWER_TARGET_MS = { answer: 2.5 * 60_000, followUp: 3 * 60_000 } as const

/**
 * A question built from one of the company's values ("Tell me about a time you … [value]"), as a
 * custom question for this room: it carries its follow-ups and what a strong answer shows.
 */
export function valueQuestion(value: string, company: string | null): CustomQuestionInput {
  const v = value.trim()
  const of = company ? ` ${company}'s value` : ' the value'
  return {
    title: `Living “${v}”`.slice(0, 120),
    kind: 'behavioral',
    difficulty: 'medium',
    durationMinutes: 8,
    statement: `Tell me about a time you acted on **${v}** —${of} — when it was not the easy thing to do. What was at stake, what did you do, and what happened?`,
    competencies: ['integrity', 'ownership'],
    followUps: [
      `What does “${v}” mean to you, in your own words?`,
      'What was the easier option, and why did you not take it?',
      'What would you do differently today?',
    ],
    strongAnswer: [
      `Names the value “${v}” and shows it in a concrete decision, not a slogan.`,
      'The choice had a real cost, and they explain why it was worth it.',
      'A result they can point to, and what they learned.',
    ],
    hints: [{ text: 'Pick one specific moment, not a habit.' }],
  }
}
