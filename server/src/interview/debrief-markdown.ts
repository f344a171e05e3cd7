import { LANGUAGE_LABELS, Language, RUN_STATUS_LABELS, SCORE_LABELS, runSummary, type Debrief } from '@nudge/shared'
import { behavioralMarkdown } from './debrief-behavioral-markdown.ts'
import { cell, mmss } from './markdown-cells.ts'
import { timelineMarkdown } from './debrief-timeline-markdown.ts'

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`
const score = (n: number | null) => (n === null ? '–' : `${n} (${SCORE_LABELS[n as 1 | 2 | 3 | 4]})`)

/**
 * The debrief as Markdown. Rendered only from a Debrief already built for its viewer, so it holds
 * exactly what that viewer may see.
 */
export function debriefMarkdown(d: Debrief): string {
  const out: string[] = []
  const title = d.round.question?.title ?? 'No question picked'
  out.push(`# Debrief: ${cell(d.room.title)}, round ${d.round.n}`, '')
  out.push(`- Question: ${cell(title)} (${d.round.kind}${d.round.question ? `, ${d.round.question.difficulty}` : ''})`)
  out.push(`- Time: ${mmss(d.timeline.actualMs)} of ${minutes(d.timeline.plannedMs)} planned`)
  out.push(`- Hints: ${d.counts.hints} (${d.counts.ladderHints} from the ladder, ${d.counts.customHints} custom)`)
  out.push(`- Clarifying questions: ${d.counts.clarifications} (${d.counts.answered} answered, ${d.counts.pinned} pinned)`)
  if (d.counts.stuck !== null) out.push(`- "I'm stuck": ${d.counts.stuck}`)
  out.push('', '## Phases', '', '| Phase | Planned | Extended | Actual |', '|---|---|---|---|')
  for (const p of d.timeline.phases) out.push(`| ${cell(p.label)} | ${minutes(p.plannedMs)} | ${minutes(p.extendedMs)} | ${p.skipped ? 'skipped' : mmss(p.actualMs)} |`)

  out.push(...timelineMarkdown(d))

  if (d.hints.length > 0) {
    out.push('', '## Hints', '')
    for (const h of d.hints) {
      const where = h.line ? `, line ${h.line}` : ''
      const from = h.tier === null ? 'custom' : `ladder ${h.tier + 1}${h.edited ? ', edited' : ''}`
      out.push(`- ${mmss(h.elapsedMs)} (${cell(h.phaseLabel)}; ${from}${where}): ${cell(h.text)}`)
    }
  }
  if (d.clarifications.length > 0) {
    out.push('', '## Clarifying questions', '')
    for (const q of d.clarifications) {
      out.push(`- ${mmss(q.elapsedMs)}${q.pinned ? ' 📌 assumption' : ''}: ${cell(q.text)}`)
      out.push(`  - ${q.answer === null ? '_unanswered_' : cell(q.answer)}`)
    }
  }
  if (d.runs.length > 0) {
    out.push('', '## Code runs', '')
    const start = d.timeline.startedAt ?? d.round.startedAt
    for (const r of d.runs) {
      const what = r.kind === 'tests' ? 'tests' : 'run'
      const summary = runSummary(r)
      out.push(`- ${mmss(Math.max(0, r.startedAt - start))} ${cell(r.by.name)}, ${LANGUAGE_LABELS[r.language]} ${what}${r.private ? ' (private)' : ''}: **${RUN_STATUS_LABELS[r.status]}**${summary ? `, ${cell(summary)}` : ''}`)
      for (const c of r.cases) out.push(`  - test ${c.index + 1}: ${c.passed ? 'pass' : 'FAIL'}`)
      for (const c of r.hiddenCases ?? []) {
        out.push(`  - hidden test ${c.index + 1}: ${c.passed ? 'pass' : 'FAIL'}, input ${cell(c.input)}, expected ${cell(c.expected)}, got ${cell(c.actual ?? c.error?.message ?? '')}`)
      }
    }
  }
  if (d.chat.length > 0) {
    // Room-wide messages of the round only (the debrief never carries private ones).
    out.push('', '## Chat', '')
    const start = d.timeline.startedAt ?? d.round.startedAt
    for (const m of d.chat) out.push(`- ${mmss(m.at - start)} ${cell(m.from.name)} (${m.from.role}): ${cell(m.text)}`)
  }
  if (d.notes && d.notes.length > 0) {
    out.push('', '## Interviewer notes (private)', '')
    for (const n of d.notes) out.push(`- ${mmss(n.elapsedMs)} (${cell(n.phaseLabel)}): ${cell(n.text)}`)
  }

  out.push('', '## Scores', '', '| Criterion | Interviewer | Comment | Self | Self comment |', '|---|---|---|---|---|')
  for (const r of d.scores.rows) {
    out.push(`| ${cell(r.label)} | ${score(r.score)} | ${cell(r.comment)} | ${score(r.selfScore)} | ${cell(r.selfComment)} |`)
  }
  if (d.scores.scorecard?.summary) out.push('', `**Interviewer summary:** ${cell(d.scores.scorecard.summary)}`)
  if (d.scores.selfAssessment?.summary) out.push('', `**Self-assessment:** ${cell(d.scores.selfAssessment.summary)}`)
  if (d.behavioral) out.push(...behavioralMarkdown(d.behavioral))

  // A fence longer than any run of backticks in the code, so the code cannot close it.
  const fence = '`'.repeat(Math.max(3, ...[...d.finalCode.text.matchAll(/`+/g)].map((m) => m[0].length + 1)))
  // The language comes from the shared document, which the candidate controls: only a known
  // language is written after the fence, so it cannot break out into the Markdown.
  const language = Language.safeParse(d.finalCode.language).success ? d.finalCode.language : ''
  out.push('', '## Final code', '', `${fence}${language}`, d.finalCode.text.replace(/\n$/, ''), fence, '')
  return out.join('\n')
}
