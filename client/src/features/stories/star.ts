import { STORY_FIELDS, type Story, type StoryField } from './model.ts'

/**
 * Word counts against a suggested length per field. A spoken STAR answer runs about two minutes
 * (~300 words); most of it should be the Action, the part that is about the candidate.
 */
export const SUGGESTED_WORDS: Record<StoryField, [number, number]> = {
  situation: [30, 80],
  task: [15, 50],
  action: [80, 200],
  result: [30, 80],
  learning: [15, 60],
}

export const wordCount = (text: string): number => (text.trim() === '' ? 0 : text.trim().split(/\s+/).length)

export type FieldStatus = 'empty' | 'short' | 'ok' | 'long'

export function fieldStatus(field: StoryField, text: string): { words: number; status: FieldStatus; min: number; max: number } {
  const words = wordCount(text)
  const [min, max] = SUGGESTED_WORDS[field]
  const status: FieldStatus = words === 0 ? 'empty' : words < min ? 'short' : words > max ? 'long' : 'ok'
  return { words, status, min, max }
}

/** S, T, A and R written (Learning is a bonus); `filled` counts them. */
export function starCompleteness(story: Pick<Story, StoryField>): { filled: number; complete: boolean; missing: StoryField[] } {
  const star = STORY_FIELDS.filter((f) => f !== 'learning')
  const missing = star.filter((f) => story[f].trim() === '')
  return { filled: star.length - missing.length, complete: missing.length === 0, missing }
}
