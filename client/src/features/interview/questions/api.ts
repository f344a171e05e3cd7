import { QuestionSummary } from '@nudge/shared'

let cached: Promise<QuestionSummary[]> | null = null

/** The bundled question bank's summaries (GET /api/questions); fetched once per page. */
export function fetchQuestionBank(fetchImpl: typeof fetch = fetch): Promise<QuestionSummary[]> {
  cached ??= fetchImpl('/api/questions', { headers: { accept: 'application/json' } })
    .then(async (res) => {
      if (!res.ok) throw new Error(`The question bank could not be loaded (HTTP ${res.status}).`)
      const parsed = QuestionSummary.array().safeParse(await res.json())
      if (!parsed.success) throw new Error('The server sent an unexpected question list.')
      return parsed.data
    })
    .catch((err: unknown) => {
      cached = null
      throw err
    })
  return cached
}
