import {
  AppError, BEHAVIORAL_LIMITS, COMPETENCY_IDS, EMPTY_STAR,
  type AnswerSelf, type AnswerView, type BehavioralView, type BroughtBank, type InterviewerQuestionView, type Role,
  type SharedStory, type StarChecklist, type StoryHeader, type StoryText,
} from '@nudge/shared'
import type { RoundState } from './rounds.ts'

/**
 * A behavioral round's answers as plain state transitions (no transport). Each function returns
 * the next round; the service persists it and the handlers tell each seat what it may see
 * (`behavioralView`). See shared/src/behavioral.ts for who sees what.
 */

export interface AnswerState {
  id: string
  questionId: string
  title: string
  statement: string
  competencies: string[]
  followUps: string[]
  startedAt: number
  followUpAt: number | null
  endedAt: number | null
  star: StarChecklist
  flags: string[]
  scores: Record<string, number>
  self: AnswerSelf | null
}

export interface BehavioralState {
  answers: AnswerState[]
  bank: BroughtBank | null
  shared: SharedStory[]
}

export const behavioralOf = (r: RoundState): BehavioralState => r.behavioral ?? { answers: [], bank: null, shared: [] }
const withState = (r: RoundState, b: BehavioralState): RoundState => ({ ...r, behavioral: b })

function answerOf(b: BehavioralState, id: string): AnswerState {
  const a = b.answers.find((x) => x.id === id)
  if (!a) throw new AppError('NOT_FOUND', 'No such answer in this round.')
  return a
}
const replace = (b: BehavioralState, a: AnswerState): BehavioralState => ({ ...b, answers: b.answers.map((x) => (x.id === a.id ? a : x)) })

/** Asks a question: a new answer starts and the one still open (if any) ends now. */
export function startAnswer(r: RoundState, q: InterviewerQuestionView, now: number, id: string): { round: RoundState; answer: AnswerState } {
  if (r.kind !== 'behavioral' || q.kind !== 'behavioral') throw new AppError('CONFLICT', 'Answers are for behavioral questions in a behavioral round.')
  if (r.clock.status === 'ended') throw new AppError('CONFLICT', 'The round has ended.')
  const b = behavioralOf(r)
  if (b.answers.length >= BEHAVIORAL_LIMITS.answersPerRound) throw new AppError('TOO_LARGE', 'This round has as many answers as it can hold.')
  if (b.answers.some((a) => a.questionId === q.id)) throw new AppError('CONFLICT', 'That question was already asked in this round.')
  const answer: AnswerState = {
    id, questionId: q.id, title: q.title, statement: q.statement, competencies: q.competencies, followUps: q.followUps,
    startedAt: now, followUpAt: null, endedAt: null, star: EMPTY_STAR, flags: [], scores: {}, self: null,
  }
  const answers = b.answers.map((a) => (a.endedAt === null ? { ...a, endedAt: now } : a))
  return { round: withState(r, { ...b, answers: [...answers, answer] }), answer }
}

export function advanceAnswer(r: RoundState, id: string, to: 'follow-up' | 'end', now: number): { round: RoundState; answer: AnswerState } {
  const b = behavioralOf(r)
  const a = answerOf(b, id)
  if (a.endedAt !== null) throw new AppError('CONFLICT', 'That answer has ended.')
  const answer = to === 'end' ? { ...a, endedAt: now } : { ...a, followUpAt: a.followUpAt ?? now }
  return { round: withState(r, replace(b, answer)), answer }
}

export interface ReviewPatch {
  star?: Partial<StarChecklist>
  flags?: string[]
  scores?: Record<string, number | null>
}

/** The interviewer's checklist, flags and competency scores; frozen once the scorecard is shared. */
export function reviewAnswer(r: RoundState, id: string, patch: ReviewPatch): { round: RoundState; answer: AnswerState } {
  if (r.scorecard?.shared) throw new AppError('CONFLICT', 'The scorecard was already shared with the candidate.')
  const b = behavioralOf(r)
  const a = answerOf(b, id)
  const scores = { ...a.scores }
  for (const [k, v] of Object.entries(patch.scores ?? {})) {
    // A competency of the question, or any from the catalogue (the answer may show more than asked).
    if (!a.competencies.includes(k) && !(COMPETENCY_IDS as readonly string[]).includes(k)) {
      throw new AppError('BAD_REQUEST', `Not a competency of this answer: ${k}`)
    }
    if (v === null) delete scores[k]
    else scores[k] = v
  }
  const flags = patch.flags ? [...new Set(patch.flags)] : a.flags
  const answer = { ...a, star: { ...a.star, ...patch.star }, flags, scores }
  return { round: withState(r, replace(b, answer)), answer }
}

/** The candidate's self-review of an answer and the story they told (one they brought or shared). */
export function selfReview(r: RoundState, id: string, patch: { storyId?: string | null; star?: Partial<StarChecklist>; score?: number | null }) {
  const b = behavioralOf(r)
  const a = answerOf(b, id)
  const prev = a.self ?? { storyId: null, star: EMPTY_STAR, score: null }
  if (patch.storyId && !storyHeader(b, patch.storyId)) throw new AppError('BAD_REQUEST', 'Bring that story into the round first.')
  const self: AnswerSelf = {
    storyId: patch.storyId === undefined ? prev.storyId : patch.storyId,
    star: { ...prev.star, ...patch.star },
    score: patch.score === undefined ? prev.score : patch.score,
  }
  const answer = { ...a, self }
  return { round: withState(r, replace(b, answer)), answer }
}

export function bringBank(r: RoundState, bank: BroughtBank): RoundState {
  if (r.kind !== 'behavioral') throw new AppError('CONFLICT', 'The story bank is for behavioral rounds.')
  return withState(r, { ...behavioralOf(r), bank })
}

/** Shares one story's text with the room; sharing the same story again replaces it. */
export function shareStory(r: RoundState, story: StoryHeader, text: StoryText, answerId: string | null, now: number): { round: RoundState; shared: SharedStory } {
  if (r.kind !== 'behavioral') throw new AppError('CONFLICT', 'Stories are shared in behavioral rounds.')
  const b = behavioralOf(r)
  if (answerId !== null) answerOf(b, answerId)
  const others = b.shared.filter((s) => s.id !== story.id)
  if (others.length >= BEHAVIORAL_LIMITS.sharedStoriesPerRound) throw new AppError('TOO_LARGE', 'This round has as many shared stories as it can hold.')
  const shared: SharedStory = { ...story, round: r.n, text, answerId, sharedAt: now }
  return { round: withState(r, { ...b, shared: [...others, shared] }), shared }
}

export function storyHeader(b: BehavioralState, storyId: string): StoryHeader | undefined {
  return b.bank?.stories.find((s) => s.id === storyId) ?? b.shared.find((s) => s.id === storyId)
}

/** One answer as a seat with `role` in the round may see it. */
export function answerView(r: RoundState, a: AnswerState, role: Role): AnswerView {
  return {
    id: a.id, round: r.n, questionId: a.questionId, title: a.title, statement: a.statement,
    startedAt: a.startedAt, followUpAt: a.followUpAt, endedAt: a.endedAt,
    review: role === 'interviewer' ? { competencies: a.competencies, followUps: a.followUps, star: a.star, flags: a.flags, scores: a.scores } : null,
    self: role === 'observer' ? null : a.self,
  }
}

/** The round's behavioral state as a seat with `role` in it may see it; null for other kinds. */
export function behavioralView(r: RoundState, role: Role): BehavioralView | null {
  if (r.kind !== 'behavioral') return null
  const b = behavioralOf(r)
  return {
    round: r.n,
    answers: b.answers.map((a) => answerView(r, a, role)),
    bank: role === 'observer' ? null : b.bank,
    shared: b.shared,
  }
}
