import { z } from 'zod'
import { BEHAVIORAL_LIMITS } from './behavioral.ts'

/**
 * The candidate's story bank: STAR + Learning stories, competency tags, and target companies with
 * their values and which stories back which value. Today it lives in the candidate's browser
 * (client/src/features/stories/storage.ts) and is never sent anywhere; a behavioral round receives
 * only what the candidate brings (titles, tags, values) or shares (one story's text). The schema
 * is here so that a server-side store (e.g. under a cohort's personal link) validates the same
 * format the browser exports and imports.
 */

export const BANK_LIMITS = {
  stories: 100,
  companies: 20,
  /** A pasted values or culture memo; longer pastes get a clear message instead of a slow page. */
  memoChars: 20_000,
  /** An import file. */
  importBytes: 2_000_000,
  competencies: 40,
} as const

export const STORY_FIELDS = ['situation', 'task', 'action', 'result', 'learning'] as const
export type StoryField = (typeof STORY_FIELDS)[number]
export const FIELD_LABELS: Record<StoryField, string> = {
  situation: 'Situation', task: 'Task', action: 'Action', result: 'Result', learning: 'Learning',
}

const LocalId = z.string().regex(/^[A-Za-z0-9_-]{4,40}$/, 'Ids are 4–40 letters, digits, - or _')
const Field = z.string().max(BEHAVIORAL_LIMITS.storyField)
const Tag = z.string().trim().min(1).max(BEHAVIORAL_LIMITS.tag)
const Value = z.string().trim().min(1).max(BEHAVIORAL_LIMITS.valueName)

export const Story = z.object({
  id: LocalId,
  title: z.string().trim().min(1).max(BEHAVIORAL_LIMITS.storyTitle),
  situation: Field,
  task: Field,
  action: Field,
  result: Field,
  learning: Field,
  tags: z.array(Tag).max(BEHAVIORAL_LIMITS.tagsPerStory),
  updatedAt: z.number(),
}).strict()
export type Story = z.infer<typeof Story>

export const Company = z.object({
  id: LocalId,
  name: z.string().trim().min(1).max(BEHAVIORAL_LIMITS.companyName),
  memo: z.string().max(BANK_LIMITS.memoChars),
  values: z.array(Value).max(BEHAVIORAL_LIMITS.valuesPerCompany),
  /** Value → ids of the stories that back it. */
  map: z.record(z.string(), z.array(LocalId)),
}).strict()
export type Company = z.infer<typeof Company>

export const Bank = z.object({
  version: z.literal(1),
  competencies: z.array(Tag).max(BANK_LIMITS.competencies),
  stories: z.array(Story).max(BANK_LIMITS.stories),
  companies: z.array(Company).max(BANK_LIMITS.companies),
}).strict()
export type Bank = z.infer<typeof Bank>

