import { competency, starCount, starLetters, type BehavioralDebrief, type StarChecklist } from '@nudge/shared'
import { cell, mmss } from './markdown-cells.ts'

const star = (s: StarChecklist | null) => (s === null ? '–' : `${starLetters(s)} (${starCount(s)}/4)`)
const heat = (v: number | null) => (v === null ? '' : v === 0 ? '✓' : String(v))

/** The behavioral part of a Markdown debrief, from the viewer's BehavioralDebrief. */
export function behavioralMarkdown(b: BehavioralDebrief): string[] {
  const out: string[] = ['', '## Answers', '', '| # | Question | Answer | Follow-ups | STAR | Flags | Scores | Self | Story |', '|---|---|---|---|---|---|---|---|---|']
  for (const a of b.answers) {
    const scores = a.scores === null ? '–' : Object.entries(a.scores).map(([k, v]) => `${competency(k).label} ${v}`).join(', ') || '–'
    const self = a.self === null ? '–' : `${star(a.self.star)}${a.self.score ? `, ${a.self.score}` : ''}`
    const story = a.story === null ? '–' : `${a.story.title}${a.story.shared ? ' (shared)' : ''}`
    out.push(`| ${a.n} | ${cell(a.title)} | ${mmss(a.answerMs)} | ${mmss(a.followUpMs)} | ${star(a.star)} | ${cell(a.flags?.join('; ') || '–')} | ${cell(scores)} | ${self} | ${cell(story)} |`)
  }
  out.push('', '## Coverage', '', 'A number is the score, ✓ means touched without a visible score.', '')
  out.push(`| | ${b.answers.map((a) => `A${a.n}`).join(' | ')} |`, `|---|${b.answers.map(() => '---').join('|')}|`)
  for (const r of b.heatmap) out.push(`| ${r.kind === 'value' ? 'Value: ' : ''}${cell(r.label)} | ${r.cells.map(heat).join(' | ')} |`)
  if (b.company) {
    out.push('', `Values of ${cell(b.company)} without a story in the bank: ${b.valuesWithoutStory?.length ? b.valuesWithoutStory.map(cell).join(', ') : 'none'}.`)
    out.push(`Values no answer in this round backed: ${b.valuesNotCovered?.length ? b.valuesNotCovered.map(cell).join(', ') : 'none'}.`)
  }
  return out
}
