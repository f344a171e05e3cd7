import type { Company, Story } from './model.ts'

/** A story backing more values than this is stretched thin: an interviewer will hear it twice. */
export const OVERUSE_THRESHOLD = 3

export interface Coverage {
  rows: { value: string; storyIds: string[] }[]
  /** Values no story backs. */
  gaps: string[]
  /** Story id → how many of the company's values it backs. */
  uses: Record<string, number>
  /** Stories backing more than OVERUSE_THRESHOLD values. */
  overused: string[]
}

/** The values × stories map of one company; links to deleted stories or removed values are ignored. */
export function coverage(company: Pick<Company, 'values' | 'map'>, stories: Pick<Story, 'id'>[]): Coverage {
  const known = new Set(stories.map((s) => s.id))
  const uses: Record<string, number> = Object.fromEntries(stories.map((s) => [s.id, 0]))
  const rows = company.values.map((value) => {
    const storyIds = [...new Set(company.map[value] ?? [])].filter((id) => known.has(id))
    for (const id of storyIds) uses[id]! += 1
    return { value, storyIds }
  })
  return {
    rows,
    gaps: rows.filter((r) => r.storyIds.length === 0).map((r) => r.value),
    uses,
    overused: stories.map((s) => s.id).filter((id) => uses[id]! > OVERUSE_THRESHOLD),
  }
}

/** The values a story backs for a company. */
export const valuesOf = (company: Pick<Company, 'values' | 'map'>, storyId: string): string[] =>
  company.values.filter((v) => (company.map[v] ?? []).includes(storyId))

/** Links or unlinks a story and a value. */
export function toggleLink(company: Company, value: string, storyId: string): Company {
  const ids = company.map[value] ?? []
  const next = ids.includes(storyId) ? ids.filter((id) => id !== storyId) : [...ids, storyId]
  return { ...company, map: { ...company.map, [value]: next } }
}

/** Renames or removes values and keeps the map in step. */
export function setValues(company: Company, values: string[]): Company {
  const clean = [...new Set(values.map((v) => v.trim()).filter(Boolean))]
  const map = Object.fromEntries(clean.map((v) => [v, company.map[v] ?? []]))
  return { ...company, values: clean, map }
}
