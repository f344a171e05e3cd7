import { competency, type BehavioralDebrief, type Role } from '@nudge/shared'
import { behavioralOf, storyHeader } from './behavioral.ts'
import type { RoundState } from './rounds.ts'

/**
 * A behavioral round's part of the debrief, for one viewer. The interviewer's checklist, flags
 * and scores follow the scorecard's rule (visible to others once it is shared); the candidate's
 * self-review and story titles are the candidate's and the interviewer's; observers see shared
 * stories only. Null for rounds that are not behavioral or have no answers.
 */
export function behavioralDebrief(round: RoundState, viewer: Role, now: number): BehavioralDebrief | null {
  if (round.kind !== 'behavioral') return null
  const b = behavioralOf(round)
  if (b.answers.length === 0) return null
  const staff = viewer === 'interviewer'
  const review = staff || round.scorecard?.shared === true
  const bankVisible = staff || viewer === 'candidate'
  const selfVisible = bankVisible || round.scorecard?.shared === true

  const answers = b.answers.map((a, i) => {
    const end = a.endedAt ?? now
    const story = a.self?.storyId ? storyHeader(b, a.self.storyId) : undefined
    const shared = story !== undefined && b.shared.some((s) => s.id === story.id)
    return {
      n: i + 1,
      questionId: a.questionId,
      title: a.title,
      competencies: a.competencies.map((c) => ({ id: c, label: competency(c).label })),
      answerMs: Math.max(0, (a.followUpAt ?? end) - a.startedAt),
      followUpMs: a.followUpAt === null ? 0 : Math.max(0, end - a.followUpAt),
      star: review ? a.star : null,
      flags: review ? a.flags : null,
      scores: review ? a.scores : null,
      self: selfVisible && a.self ? { star: a.self.star, score: a.self.score } : null,
      story: story && (bankVisible || shared) ? { title: story.title, tags: story.tags, values: story.values, shared } : null,
    }
  })

  const competencyIds = [...new Set(b.answers.flatMap((a) => a.competencies))]
  const heatmap: BehavioralDebrief['heatmap'] = competencyIds.map((id) => ({
    kind: 'competency',
    id,
    label: competency(id).label,
    cells: b.answers.map((a) => (a.competencies.includes(id) || id in a.scores ? (review ? (a.scores[id] ?? 0) : 0) : null)),
  }))

  const company = bankVisible ? (b.bank?.company ?? null) : null
  let valuesWithoutStory: string[] | null = null
  let valuesNotCovered: string[] | null = null
  if (company) {
    const backed = new Set((b.bank?.stories ?? []).flatMap((s) => s.values))
    const told = answers.map((a) => new Set(a.story?.values ?? []))
    for (const value of company.values) {
      heatmap.push({ kind: 'value', id: value, label: value, cells: answers.map((a, i) => (told[i]!.has(value) ? (average(a.scores) ?? 0) : null)) })
    }
    valuesWithoutStory = company.values.filter((v) => !backed.has(v))
    valuesNotCovered = company.values.filter((v) => !told.some((t) => t.has(v)))
  }
  return { answers, heatmap, company: company?.name ?? null, valuesWithoutStory, valuesNotCovered }
}

/** The rounded mean of an answer's visible scores, or null when there are none. */
function average(scores: Record<string, number> | null): number | null {
  const v = Object.values(scores ?? {})
  return v.length === 0 ? null : Math.round(v.reduce((n, x) => n + x, 0) / v.length)
}
