import { SCORE_LABELS, starCount, type Debrief } from '@nudge/shared'
import { formatElapsed, formatMinutes } from '../../../lib/duration.ts'

/**
 * A few plain sentences at the top of the debrief: how the time went, how much help was needed,
 * and how the self-assessment compares with the interviewer's scores.
 */
export function debriefHighlights(d: Debrief): string[] {
  const out: string[] = []
  const you = d.viewer === 'candidate'
  const t = d.timeline
  if (t.startedAt === null) {
    out.push('The clock never started in this round.')
  } else {
    const diff = t.actualMs - t.plannedMs
    if (Math.abs(diff) < 60_000) out.push(`Finished on time: ${formatElapsed(t.actualMs)} of ${formatMinutes(t.plannedMs)} planned.`)
    else if (diff > 0) out.push(`Ran ${formatMinutes(diff)} over the ${formatMinutes(t.plannedMs)} plan (${formatElapsed(t.actualMs)} in total).`)
    else out.push(`Took ${formatElapsed(t.actualMs)} of the ${formatMinutes(t.plannedMs)} planned.`)
    const worst = t.phases
      .map((p) => ({ p, over: p.actualMs - p.plannedMs - p.extendedMs }))
      .filter((x) => x.over >= 60_000)
      .sort((a, b) => b.over - a.over)[0]
    if (worst) out.push(`${worst.p.label} took ${formatMinutes(worst.over)} longer than planned.`)
  }
  const c = d.counts
  if (c.hints === 0) out.push(you ? 'You needed no hints.' : 'No hints were needed.')
  else {
    const given = you ? 'helped you along' : c.hints === 1 ? 'was given' : 'were given'
    out.push(`${c.hints} hint${c.hints === 1 ? '' : 's'} ${given} (${c.ladderHints} from the ladder, ${c.customHints} custom).`)
  }
  if (c.clarifications > 0) {
    out.push(
      `${c.clarifications} clarifying question${c.clarifications === 1 ? '' : 's'} asked` +
        (c.pinned ? `; ${c.pinned} became agreed assumption${c.pinned === 1 ? '' : 's'}.` : '.'),
    )
  } else if (d.round.kind === 'coding') {
    out.push('No clarifying questions were asked: next time, check inputs and edge cases first.')
  }
  out.push(...behavioralHighlights(d))
  const both = d.scores.rows.filter((r) => r.score !== null && r.selfScore !== null)
  if (both.length > 0) {
    const same = both.filter((r) => r.score === r.selfScore).length
    out.push(`Self-assessment matched the interviewer on ${same} of ${both.length} criteria.`)
    const gap = both.slice().sort((a, b) => Math.abs(b.score! - b.selfScore!) - Math.abs(a.score! - a.selfScore!))[0]!
    if (gap.score !== gap.selfScore) {
      const verb = gap.selfScore! < gap.score! ? 'underrated' : 'overrated'
      out.push(
        `Biggest gap: ${gap.label} — self ${gap.selfScore} (${SCORE_LABELS[gap.selfScore as 1]}), interviewer ${gap.score} (${SCORE_LABELS[gap.score as 1]}); the candidate ${verb} it.`,
      )
    }
  }
  return out
}

/** Behavioral rounds: complete STAR answers, and the company values no story backs. */
function behavioralHighlights(d: Debrief): string[] {
  const b = d.behavioral
  if (!b) return []
  const out: string[] = []
  const reviewed = b.answers.filter((a) => a.star !== null)
  if (reviewed.length > 0) {
    const full = reviewed.filter((a) => starCount(a.star!) === 4).length
    out.push(`STAR complete in ${full} of ${reviewed.length} answer${reviewed.length === 1 ? '' : 's'}.`)
  }
  if (b.company && b.valuesWithoutStory) {
    out.push(
      b.valuesWithoutStory.length === 0
        ? `Every ${b.company} value has a story in the bank.`
        : `No story in the bank backs ${b.valuesWithoutStory.length === 1 ? 'this' : 'these'} ${b.company} value${b.valuesWithoutStory.length === 1 ? '' : 's'}: ${b.valuesWithoutStory.join(', ')}.`,
    )
  }
  return out
}

/** Average of the given scores to one decimal, or null. */
export function averageScore(scores: readonly (number | null)[]): number | null {
  const s = scores.filter((x): x is number => x !== null)
  return s.length ? Math.round((s.reduce((a, b) => a + b, 0) / s.length) * 10) / 10 : null
}
