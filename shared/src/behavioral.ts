import { z } from 'zod'
import { QuestionId } from './questions.ts'
import { Score } from './scorecards.ts'

/**
 * A behavioral round on the wire: the answers given (one per question asked), the interviewer's
 * live S/T/A/R checklist, flags and competency scores per answer, the candidate's self-review,
 * and what the candidate chose to bring from their story bank.
 *
 * Who sees what (the server projects through `behavioralView` for each seat):
 * - everyone: each answer's question and timings, and stories the candidate *shared*;
 * - the candidate: also their own self-review, story links and the titles/tags they brought;
 * - the round's interviewer: also the checklist, flags and scores (private until the scorecard is
 *   shared, like the scorecard itself), and the brought titles/tags — never a story's text unless shared.
 * Story text reaches the server only through `story:share`.
 */

export const BEHAVIORAL_LIMITS = {
  answersPerRound: 20,
  flagsPerAnswer: 20,
  flagText: 80,
  storiesBrought: 60,
  tagsPerStory: 16,
  tag: 40,
  storyTitle: 120,
  /** One STAR+L field of a shared story. */
  storyField: 3_000,
  sharedStoriesPerRound: 12,
  companyName: 80,
  valuesPerCompany: 30,
  valueName: 80,
} as const

export const STAR_PARTS = ['situation', 'task', 'action', 'result'] as const
export type StarPart = (typeof STAR_PARTS)[number]
export const STAR_LABELS: Record<StarPart, string> = { situation: 'Situation', task: 'Task', action: 'Action', result: 'Result' }

export const StarChecklist = z.object({ situation: z.boolean(), task: z.boolean(), action: z.boolean(), result: z.boolean() }).strict()
export type StarChecklist = z.infer<typeof StarChecklist>
export const EMPTY_STAR: StarChecklist = { situation: false, task: false, action: false, result: false }

/** How many of the four parts were heard. */
export const starCount = (s: StarChecklist): number => STAR_PARTS.filter((p) => s[p]).length
/** "STA·": the letters of the parts heard, a dot for each missing one (debrief tables). */
export const starLetters = (s: StarChecklist): string => STAR_PARTS.map((p) => (s[p] ? p[0]!.toUpperCase() : '·')).join('')

/** Quick flags an interviewer drops on an answer; custom text is allowed too. */
export const BEHAVIORAL_FLAGS = ['said “we”, not “I”', 'no metric', 'vague result', 'strong ownership', 'rambled in the situation', 'clear trade-off'] as const

const Id = z.string().regex(/^[A-Za-z0-9_-]{6,40}$/)
const RoundNo = z.number().int().min(1).max(1000)
const line = (max: number) => z.string().trim().min(1).max(max)
const Tag = line(BEHAVIORAL_LIMITS.tag)
/** Story ids are made by the candidate's browser; only their shape is checked. */
export const StoryId = z.string().regex(/^[A-Za-z0-9_-]{4,40}$/)

/** What the interviewer may know of a story before it is shared: never its text. */
export const StoryHeader = z.object({
  id: StoryId,
  title: line(BEHAVIORAL_LIMITS.storyTitle),
  tags: z.array(Tag).max(BEHAVIORAL_LIMITS.tagsPerStory),
  /** The target company's values this story backs. */
  values: z.array(line(BEHAVIORAL_LIMITS.valueName)).max(BEHAVIORAL_LIMITS.valuesPerCompany),
}).strict()
export type StoryHeader = z.infer<typeof StoryHeader>

export const BroughtBank = z.object({
  stories: z.array(StoryHeader).max(BEHAVIORAL_LIMITS.storiesBrought),
  /** The company the candidate targets and its values (from their pasted memo), if they chose to bring it. */
  company: z.object({
    name: line(BEHAVIORAL_LIMITS.companyName),
    values: z.array(line(BEHAVIORAL_LIMITS.valueName)).max(BEHAVIORAL_LIMITS.valuesPerCompany),
  }).strict().nullable(),
}).strict()
export type BroughtBank = z.infer<typeof BroughtBank>

const field = z.string().trim().max(BEHAVIORAL_LIMITS.storyField)
export const StoryText = z.object({ situation: field, task: field, action: field, result: field, learning: field }).strict()
export type StoryText = z.infer<typeof StoryText>

export const SharedStory = StoryHeader.extend({
  round: RoundNo,
  text: StoryText,
  /** The answer it was shared after, if any. */
  answerId: Id.nullable(),
  sharedAt: z.number(),
})
export type SharedStory = z.infer<typeof SharedStory>

/** The interviewer's live review of one answer. */
export const AnswerReview = z.object({
  competencies: z.array(z.string()),
  followUps: z.array(z.string()),
  star: StarChecklist,
  flags: z.array(z.string()),
  /** Competency id → 1–4. */
  scores: z.record(z.string(), Score),
})
export type AnswerReview = z.infer<typeof AnswerReview>

export const AnswerSelf = z.object({ storyId: StoryId.nullable(), star: StarChecklist, score: Score.nullable() })
export type AnswerSelf = z.infer<typeof AnswerSelf>

export const AnswerView = z.object({
  id: Id,
  round: RoundNo,
  questionId: QuestionId,
  title: z.string(),
  /** The question as asked (Markdown); shown large to everyone. */
  statement: z.string(),
  startedAt: z.number(),
  /** When the interviewer moved on to follow-up questions. */
  followUpAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  /** Only for the round's interviewer. */
  review: AnswerReview.nullable(),
  /** Only for the round's candidate and interviewer. */
  self: AnswerSelf.nullable(),
})
export type AnswerView = z.infer<typeof AnswerView>

export const BehavioralView = z.object({
  round: RoundNo,
  answers: z.array(AnswerView),
  /** Only for the round's candidate and interviewer. */
  bank: BroughtBank.nullable(),
  shared: z.array(SharedStory),
})
export type BehavioralView = z.infer<typeof BehavioralView>

const AnswerRef = { answerId: Id }
export const behavioralCommands = {
  /** Interviewer: ask a behavioral question; the previous answer (if open) ends. */
  'answer:start': { payload: z.object({ questionId: QuestionId }).strict(), result: AnswerView },
  /** Interviewer: the answer moves on to follow-ups, or ends. */
  'answer:advance': { payload: z.object({ ...AnswerRef, to: z.enum(['follow-up', 'end']) }).strict(), result: AnswerView },
  /** Interviewer: tick S/T/A/R, set flags, score competencies (merged into what was there). */
  'answer:review': {
    payload: z.object({
      ...AnswerRef,
      star: StarChecklist.partial().optional(),
      flags: z.array(line(BEHAVIORAL_LIMITS.flagText)).max(BEHAVIORAL_LIMITS.flagsPerAnswer).optional(),
      scores: z.record(z.string().max(40), Score.nullable()).optional(),
    }).strict(),
    result: AnswerView,
  },
  /** Candidate: which story they told, and their own S/T/A/R and score. */
  'answer:self': {
    payload: z.object({ ...AnswerRef, storyId: StoryId.nullable().optional(), star: StarChecklist.partial().optional(), score: Score.nullable().optional() }).strict(),
    result: AnswerView,
  },
  /** Candidate: bring titles, tags and values of their bank (never text) into this round. */
  'bank:bring': { payload: BroughtBank, result: BroughtBank },
  /** Candidate: share one story's text with the room. */
  'story:share': {
    payload: z.object({ story: StoryHeader, text: StoryText, answerId: Id.nullable().default(null) }).strict(),
    result: SharedStory,
  },
} as const

/** Seat-only: each seat gets the round's behavioral state as its role may see it. */
export const behavioralPrivateEvents = {
  'behavioral:updated': BehavioralView,
} as const
/** For everyone in the room. */
export const behavioralEvents = {
  'story:shared': SharedStory,
} as const
