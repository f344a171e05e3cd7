import { LOOP_STAGE_LABEL, type LoopPacket } from '@nudge/shared'

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
const minutes = (ms: number | null) => (ms === null ? '—' : `${Math.round(ms / 60_000)} min`)

/** The packet as Markdown: a file the candidate keeps, or pastes into notes. */
export function packetMarkdown(p: LoopPacket): string {
  const out: string[] = [`# ${p.loop.title}`, '']
  out.push(`Candidate: ${p.loop.candidate}${p.loop.target ? ` · ${p.loop.target}` : ''}`, '')
  out.push(`Decisions: ${p.decisions.advance} would advance, ${p.decisions.not} would not${p.decisions.pending ? `, ${p.decisions.pending} pending` : ''}.`, '')
  if (p.strengths.length) out.push('## Strengths', '', ...p.strengths.map((x) => `- ${x.label} (${x.average} over ${x.stages})`), '')
  if (p.gaps.length) out.push('## Gaps', '', ...p.gaps.map((x) => `- ${x.label} (${x.average} over ${x.stages})`), '')
  if (p.criteria.length) {
    out.push('## Scores by criterion', '')
    out.push(`| Criterion | ${p.stages.map((s) => `${s.n}. ${LOOP_STAGE_LABEL[s.kind]}`).join(' | ')} | Average | Self |`)
    out.push(`|---|${p.stages.map(() => '---').join('|')}|---|---|`)
    for (const c of p.criteria) out.push(`| ${cell(c.label)} | ${c.scores.map((x) => x ?? '—').join(' | ')} | ${c.average ?? '—'} | ${c.selfAverage ?? '—'} |`)
    out.push('')
  }
  for (const s of p.stages) {
    out.push(`## ${s.n}. ${LOOP_STAGE_LABEL[s.kind]}${s.question ? `: ${s.question}` : ''}`, '')
    if (s.interviewer) out.push(`Interviewer: ${s.interviewer}`, '')
    if (s.status !== 'done') out.push('Not done yet.', '')
    if (s.submission) out.push(`Submitted ${new Date(s.submission.submittedAt).toISOString()} · ${s.submission.lines} lines${s.submission.late ? ' · late' : ''}`, '')
    if (s.actualMs !== null) out.push(`Time ${minutes(s.actualMs)} of ${minutes(s.plannedMs)} · hints ${s.hints} · clarifying questions ${s.clarifications}${s.runs?.total ? ` · runs passed ${s.runs.passed}/${s.runs.total}` : ''}`, '')
    for (const r of s.scores) out.push(`- **${r.label}**: ${r.score ?? '—'}${r.self !== null ? ` (self ${r.self})` : ''}${r.comment ? ` — ${r.comment}` : ''}`)
    if (s.scores.length) out.push('')
    if (s.summary) out.push(`Interviewer's summary: ${s.summary}`, '')
    if (s.selfSummary) out.push(`${p.loop.candidate}'s summary: ${s.selfSummary}`, '')
    if (s.decision) out.push(`**${s.decision.by}: ${s.decision.advance ? 'would advance' : 'would not advance'}** — ${s.decision.reason}`, '')
  }
  return out.join('\n')
}
