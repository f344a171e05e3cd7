import type { Debrief } from '@nudge/shared'
import { cell, mmss } from './markdown-cells.ts'

const KIND: Record<Debrief['timeline']['events'][number]['kind'], string> = {
  start: 'Clock started', phase: 'Phase', pause: 'Paused', resume: 'Resumed', extend: 'Extended', end: 'Round ended',
  question: 'Question', hint: 'Hint', stuck: '"I\'m stuck"', clarify: 'Question asked', answer: 'Answered', note: 'Note (private)', run: 'Run',
}

/**
 * The replay's timeline without the replay (issue #18): the round's events and the typing
 * activity in time order, as the Markdown export's "Timeline" section. Built only from the
 * viewer's debrief, so it holds no more than the rest of the export. Times are from the round's start.
 */
export function timelineMarkdown(d: Debrief): string[] {
  const start = d.round.startedAt
  const at = (t: number) => mmss(Math.max(0, t - start))
  const rows: { t: number; line: string }[] = d.timeline.events.map((e) => ({ t: e.at, line: `${KIND[e.kind]}: ${cell(e.label)}` }))
  const a = d.activity
  if (a) {
    for (const p of a.pastes) rows.push({ t: p.at, line: `Paste: ${cell(p.name)} inserted ${p.chars} characters at once` })
    if (a.longestPause) rows.push({ t: a.longestPause.at, line: `Longest pause in typing begins (${mmss(a.longestPause.ms)})` })
  }
  for (const m of d.chat) rows.push({ t: m.at, line: `Chat, ${cell(m.from.name)}: ${cell(m.text)}` })
  if (rows.length === 0 && !a) return []
  const out = ['', '## Timeline', '', `Times from the start of the round. The full replay is in Nudge: /r/${d.room.id}/replay/${d.round.n}`, '']
  if (a) {
    for (const w of a.authors) out.push(`- Typing, ${cell(w.name)}: ${w.edits} edits from ${at(w.firstAt)} to ${at(w.lastAt)}`)
    out.push('')
  }
  for (const r of rows.sort((x, y) => x.t - y.t)) out.push(`- ${at(r.t)} ${r.line}`)
  return out
}
