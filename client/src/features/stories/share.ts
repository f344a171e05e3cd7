import type { BroughtBank, StoryText } from '@nudge/shared'
import { valuesOf } from './coverage.ts'
import type { Bank, Story } from './model.ts'

/**
 * What leaves the browser when the candidate brings the bank into a round: titles, tags and the
 * chosen company's values per story — built field by field, so no story text can ride along.
 */
export function headersOf(bank: Bank, companyId: string | null): BroughtBank {
  const company = bank.companies.find((c) => c.id === companyId) ?? null
  return {
    stories: bank.stories.map((s) => ({ id: s.id, title: s.title, tags: s.tags, values: company ? valuesOf(company, s.id) : [] })),
    company: company && { name: company.name, values: company.values },
  }
}

/** One story's text, sent only when the candidate presses "Share". */
export const storyText = (s: Story): StoryText => ({ situation: s.situation, task: s.task, action: s.action, result: s.result, learning: s.learning })
