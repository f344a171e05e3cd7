import { SCORE_LABELS, STAR_LABELS, STAR_PARTS, competency, starCount, starLetters, type BehavioralDebrief } from '@nudge/shared'
import { formatElapsed } from '../../../lib/duration.ts'
import '../behavioral/behavioral.css'


/** Per answer: time, STAR, flags, scores beside the self-review; then the coverage heatmap. */
export function BehavioralDebriefSection({ b }: { b: BehavioralDebrief }) {
  const gapValues = new Set(b.valuesNotCovered ?? [])
  return (
    <>
      <section className="debrief-section" aria-labelledby="ba-h">
        <h2 id="ba-h">Answers <span className="count">{b.answers.length}</span></h2>
        <div className="table-scroll">
          <table className="score-table" aria-label="Answers">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Question</th>
                <th scope="col">Answer + follow-ups</th>
                <th scope="col">STAR (interviewer)</th>
                <th scope="col">STAR (self)</th>
                <th scope="col">Flags</th>
                <th scope="col">Scores</th>
                <th scope="col">Story</th>
              </tr>
            </thead>
            <tbody>
              {b.answers.map((a) => (
                <tr key={a.n}>
                  <td>{a.n}</td>
                  <th scope="row">{a.title}</th>
                  <td className="mono">{formatElapsed(a.answerMs)} + {formatElapsed(a.followUpMs)}</td>
                  <td className="mono" aria-label={a.star ? `${starCount(a.star)} of 4: ${STAR_PARTS.filter((p) => a.star![p]).map((p) => STAR_LABELS[p]).join(', ') || 'none'}` : 'not shared'}>
                    {a.star ? `${starLetters(a.star)} ${starCount(a.star)}/4` : '–'}
                  </td>
                  <td className="mono">{a.self ? `${starLetters(a.self.star)} ${starCount(a.self.star)}/4${a.self.score ? ` · ${a.self.score}` : ''}` : '–'}</td>
                  <td>{a.flags?.length ? a.flags.join('; ') : '–'}</td>
                  <td>
                    {a.scores && Object.keys(a.scores).length
                      ? Object.entries(a.scores).map(([k, v]) => `${a.competencies.find((c) => c.id === k)?.label ?? competency(k).label} ${v}`).join(', ')
                      : '–'}
                  </td>
                  <td>{a.story ? `${a.story.title}${a.story.shared ? ' (shared)' : ''}` : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="debrief-section" aria-labelledby="hm-h">
        <h2 id="hm-h">Coverage</h2>
        <p className="small muted">
          Competencies{b.company ? ` and ${b.company}’s values` : ''} × answers. A number is the interviewer’s score (1 {SCORE_LABELS[1].toLowerCase()} – 4{' '}
          {SCORE_LABELS[4].toLowerCase()}); ✓ means the answer touched it without a score you can see.
        </p>
        <div className="table-scroll">
          <table className="heatmap" aria-label="Coverage heatmap" data-testid="heatmap">
            <thead>
              <tr>
                <th scope="col"><span className="visually-hidden">Competency or value</span></th>
                {b.answers.map((a) => <th key={a.n} scope="col" title={a.title}>A{a.n}</th>)}
              </tr>
            </thead>
            <tbody>
              {b.heatmap.map((r) => (
                <tr key={`${r.kind}-${r.id}`} className={r.kind === 'value' && gapValues.has(r.id) ? 'value-gap' : undefined}>
                  <th scope="row">{r.kind === 'value' ? `Value: ${r.label}` : r.label}</th>
                  {r.cells.map((c, i) => (
                    <td key={i} className={c === null ? 'h-none' : `h-${c}`}>{c === null ? '' : c === 0 ? '✓' : c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {b.company && (
          <div className="alert" role="note" data-testid="value-gaps">
            <p>
              <strong>Values of {b.company} without a story in your bank:</strong> {b.valuesWithoutStory?.length ? b.valuesWithoutStory.join(', ') : 'none'}.
            </p>
            <p>
              <strong>Values no answer in this round backed:</strong> {b.valuesNotCovered?.length ? b.valuesNotCovered.join(', ') : 'none'}.
            </p>
          </div>
        )}
      </section>
    </>
  )
}
