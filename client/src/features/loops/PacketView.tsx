import { LOOP_STAGE_LABEL, SCORE_LABELS, type LoopPacket } from '@nudge/shared'
import { downloadText } from '../interview/downloads.ts'
import { packetMarkdown } from './packetMarkdown.ts'

const minutes = (ms: number | null) => (ms === null ? '—' : `${Math.round(ms / 60_000)} min`)
const scoreText = (s: number | null) => (s === null ? '—' : `${s} · ${SCORE_LABELS[s as 1 | 2 | 3 | 4]}`)

/**
 * The loop packet: a practice hiring committee's table. Per stage, then across stages. Prints on
 * its own (the page's print style hides everything else).
 */
export function PacketView({ packet }: { packet: LoopPacket }) {
  const file = packet.loop.title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').toLowerCase() || 'loop'
  return (
    <section className="loop-packet" aria-labelledby="packet-title" data-testid="loop-packet">
      <div className="loop-packet-head">
        <h2 id="packet-title">Packet</h2>
        <div className="loop-actions">
          <button type="button" className="button small ghost" onClick={() => downloadText(`${file}-packet.md`, packetMarkdown(packet), 'text/markdown')}>Markdown</button>
          <button type="button" className="button small ghost" onClick={() => downloadText(`${file}-packet.json`, JSON.stringify(packet, null, 2), 'application/json')}>JSON</button>
          <button type="button" className="button small ghost" onClick={() => window.print()}>Print</button>
        </div>
      </div>
      <p className="muted small">{packet.sharedAt === null ? 'Not shared with the candidate yet.' : `Shared with ${packet.loop.candidate}.`}</p>

      <div className="loop-decisions" aria-label="Decisions">
        <span className="decision advance">{packet.decisions.advance} would advance</span>
        <span className="decision not">{packet.decisions.not} would not</span>
        {packet.decisions.pending > 0 && <span className="decision pending">{packet.decisions.pending} pending</span>}
      </div>

      {(packet.strengths.length > 0 || packet.gaps.length > 0) && (
        <div className="loop-sg">
          <div>
            <h3>Strengths</h3>
            {packet.strengths.length === 0 ? <p className="muted small">None rated 3.5 or more on average yet.</p> : (
              <ul>{packet.strengths.map((x) => <li key={x.label}>{x.label} <span className="muted">({x.average} over {x.stages} {x.stages === 1 ? 'stage' : 'stages'})</span></li>)}</ul>
            )}
          </div>
          <div>
            <h3>Gaps</h3>
            {packet.gaps.length === 0 ? <p className="muted small">None rated 2 or less on average.</p> : (
              <ul>{packet.gaps.map((x) => <li key={x.label}>{x.label} <span className="muted">({x.average} over {x.stages} {x.stages === 1 ? 'stage' : 'stages'})</span></li>)}</ul>
            )}
          </div>
        </div>
      )}

      {packet.criteria.length > 0 && (
        <div className="table-scroll">
          <table className="loop-criteria">
            <caption>Scores by criterion across stages (1 needs work … 4 strong)</caption>
            <thead>
              <tr>
                <th scope="col">Criterion</th>
                {packet.stages.map((s) => <th key={s.n} scope="col">{s.n}. {LOOP_STAGE_LABEL[s.kind]}</th>)}
                <th scope="col">Average</th>
                <th scope="col">Self</th>
              </tr>
            </thead>
            <tbody>
              {packet.criteria.map((c) => (
                <tr key={c.criterion}>
                  <th scope="row">{c.label}</th>
                  {c.scores.map((x, i) => <td key={i} className={x === null ? 'muted' : `score-${x}`}>{x ?? '—'}</td>)}
                  <td>{c.average ?? '—'}</td>
                  <td>{c.selfAverage ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <ol className="loop-packet-stages">
        {packet.stages.map((s) => (
          <li key={s.n}>
            <h3>{s.n}. {LOOP_STAGE_LABEL[s.kind]}{s.question && <span className="muted"> · {s.question}</span>}{s.interviewer && <span className="muted"> · {s.interviewer}</span>}</h3>
            {s.status !== 'done' && <p className="muted small">Not done yet.</p>}
            {s.submission && <p className="small">Submitted {new Date(s.submission.submittedAt).toLocaleString()} · {s.submission.lines} lines{s.submission.late && <strong className="late"> · late</strong>}</p>}
            {s.actualMs !== null && (
              <p className="small">Time {minutes(s.actualMs)} of {minutes(s.plannedMs)} · {s.hints} {s.hints === 1 ? 'hint' : 'hints'} · {s.clarifications} clarifying {s.clarifications === 1 ? 'question' : 'questions'}{s.runs && s.runs.total > 0 && <> · {s.runs.passed}/{s.runs.total} runs passed</>}</p>
            )}
            {s.scores.length > 0 && (
              <ul className="loop-packet-scores">
                {s.scores.map((r) => (
                  <li key={r.criterion}><strong>{r.label}</strong>: {scoreText(r.score)}{r.self !== null && <span className="muted"> (self {r.self})</span>}{r.comment && <> — {r.comment}</>}</li>
                ))}
              </ul>
            )}
            {s.summary && <p><strong>Interviewer:</strong> {s.summary}</p>}
            {s.selfSummary && <p><strong>{packet.loop.candidate}:</strong> {s.selfSummary}</p>}
            {s.decision && (
              <p className={`decision-line ${s.decision.advance ? 'advance' : 'not'}`}>
                <strong>{s.decision.by}: {s.decision.advance ? 'would advance' : 'would not advance'}</strong> — {s.decision.reason}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}
