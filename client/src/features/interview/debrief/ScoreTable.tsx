import { SCORE_LABELS, type Debrief } from '@nudge/shared'
import { averageScore } from './highlights.ts'

function ScoreChip({ score }: { score: number | null }) {
  if (score === null) return <span className="score-chip none">–<span className="visually-hidden"> not scored</span></span>
  return (
    <span className={`score-chip s${score}`}>
      <span className="score-chip-n">{score}</span> {SCORE_LABELS[score as 1 | 2 | 3 | 4]}
    </span>
  )
}

/** The interviewer's scores beside the candidate's self-assessment, criterion by criterion. */
export function ScoreTable({ d }: { d: Debrief }) {
  const { rows, scorecard, selfAssessment } = d.scores
  const avg = averageScore(rows.map((r) => r.score))
  const selfAvg = averageScore(rows.map((r) => r.selfScore))
  return (
    <>
      <div className="table-wrap">
        <table className="score-table">
          <caption className="visually-hidden">Scores by criterion: interviewer and self-assessment</caption>
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col">Interviewer{avg !== null && <span className="avg"> · avg {avg}</span>}</th>
              <th scope="col">Self-assessment{selfAvg !== null && <span className="avg"> · avg {selfAvg}</span>}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.criterion}>
                <th scope="row">{r.label}</th>
                <td>
                  <ScoreChip score={r.score} />
                  {r.comment && <p className="score-comment">{r.comment}</p>}
                </td>
                <td>
                  <ScoreChip score={r.selfScore} />
                  {r.selfComment && <p className="score-comment">{r.selfComment}</p>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="summaries">
        <div className="summary-box">
          <h3>Interviewer summary</h3>
          {scorecard ? (
            <>
              <p>{scorecard.summary || <span className="muted">No summary written.</span>}</p>
              <p className="small muted">{scorecard.submitted ? (scorecard.shared ? 'Submitted and shared' : 'Submitted, not shared with the candidate yet') : 'Draft'}</p>
            </>
          ) : (
            <p className="muted">{d.viewer === 'interviewer' ? 'No scorecard yet.' : 'The interviewer hasn’t shared a scorecard for this round yet.'}</p>
          )}
        </div>
        <div className="summary-box">
          <h3>Self-assessment</h3>
          {selfAssessment ? (
            <>
              <p>{selfAssessment.summary || <span className="muted">No summary written.</span>}</p>
              <p className="small muted">{selfAssessment.submitted ? 'Submitted' : 'Draft'}</p>
            </>
          ) : (
            <p className="muted">{d.viewer === 'candidate' ? 'You haven’t assessed yourself yet.' : 'Not available.'}</p>
          )}
        </div>
      </div>
    </>
  )
}
