import { COMPETENCIES, type Bank, type Story } from '@nudge/shared'

export { BANK_LIMITS, STORY_FIELDS, FIELD_LABELS, Bank, Story, Company } from '@nudge/shared'
export type { StoryField } from '@nudge/shared'

/** The editable default competency list: the catalogue the question bank uses. */
export const DEFAULT_COMPETENCIES = COMPETENCIES.map((c) => c.id)

export const emptyBank = (): Bank => ({ version: 1, competencies: [...DEFAULT_COMPETENCIES], stories: [], companies: [] })

export function newLocalId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9))
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_')
}

export const newStory = (title = 'Untitled story'): Story => ({
  id: newLocalId(), title, situation: '', task: '', action: '', result: '', learning: '', tags: [], updatedAt: Date.now(),
})
