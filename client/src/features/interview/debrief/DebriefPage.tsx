import { Suspense, lazy, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react'
import type { Debrief, RoundInfo } from '@nudge/shared'
import { LANGUAGE_LABELS, Language, RUN_STATUS_LABELS, runSummary } from '@nudge/shared'
import { formatElapsed, formatMinutes } from '../../../lib/duration.ts'
import { ROLE_INFO } from '../../../lib/roles.ts'
import type { InterviewClient } from '../../../realtime/interviewClient.ts'
import { Brand } from '../../common/Brand.tsx'
import { ThemeToggle } from '../../common/ThemeToggle.tsx'
import { KIND_LABELS } from '../kinds.ts'
import { InlineMarkdown } from '../questions/Markdown.tsx'
import { errorMessage } from '../useAction.ts'
import { HiddenCases } from './HiddenCases.tsx'
import { PastRoundScoring } from './PastRoundScoring.tsx'
import { debriefHighlights } from './highlights.ts'
import { ScoreTable } from './ScoreTable.tsx'
import { BehavioralDebriefSection } from './BehavioralDebriefSection.tsx'
import { TimelineChart } from './TimelineChart.tsx'
import { boardCaption, withBoardSection } from './boardMarkdown.ts'
import { useNudgeExcalidrawAssets } from '../../board/excalidrawAssets.ts'

// Excalidraw draws the board's picture: loaded only for a debrief that has a board.
const BoardSnapshot = lazy(() => {
  useNudgeExcalidrawAssets()
  return import('../../board/BoardSnapshot.tsx')
})

export interface DebriefPageProps {
  client: InterviewClient
  round: number
  rounds: RoundInfo[]
  /** Changes whenever something in the current round changed, to refetch its debrief. */
  revision: string
  onRound(n: number): void
  onClose(): void
}

/** Object URLs for the downloads, revoked when the debrief changes or the page closes. */
function useDownloadUrl(text: string | null, type: string): string | null {
  const url = useMemo(() => (text === null ? null : URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }))), [text, type])
  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url)
  }, [url])
  return url
}

/**
 * One round's debrief as its viewer may see it: highlights, the timeline, scores beside the
 * self-assessment, hints, clarifying questions, (for the interviewer) private notes, the final
 * code, and Markdown/JSON downloads.
 */
export function DebriefPage({ client, round, rounds, revision, onRound, onClose }: DebriefPageProps) {
  const id = useId()
  const [data, setData] = useState<{ debrief: Debrief; markdown: string | null } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [reload, setReload] = useState(0)
  const headingRef = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    let stale = false
    client.run('debrief:get', { round, format: 'markdown' }).then(
      (res) => {
        if (stale) return
        setData(res)
        setError(null)
      },
      (err: unknown) => !stale && setError(errorMessage(err)),
    )
    return () => {
      stale = true
    }
  }, [client, round, revision, reload])

  useEffect(() => {
    headingRef.current?.focus()
  }, [round])

  const d = data?.debrief.round.n === round ? data.debrief : null
  const file = d ? `debrief-${d.room.id}-round-${d.round.n}` : ''
  const boardFile = `${file}-board.svg`
  // The board's SVG, once drawn: a download of its own, linked from the Markdown.
  // Kept with the round it was drawn for: each round has its own board.
  const [boardSvg, setBoardSvg] = useState<{ round: number; svg: string } | null>(null)
  const hasBoard = (d?.board?.elements.length ?? 0) > 0
  const svg = hasBoard && boardSvg?.round === round ? boardSvg.svg : null
  const markdown = d && data!.markdown !== null ? (svg ? withBoardSection(data!.markdown, boardFile, d) : data!.markdown) : null
  const mdUrl = useDownloadUrl(markdown, 'text/markdown')
  const jsonUrl = useDownloadUrl(d ? `${JSON.stringify(d, null, 2)}\n` : null, 'application/json')
  const svgUrl = useDownloadUrl(svg, 'image/svg+xml')

  return (
    <div className="debrief-page">
      <header className="topbar debrief-top">
        <div className="room-title">
          <Brand />
          <span className="divider" aria-hidden="true" />
          <span className="muted">{d?.room.title ?? 'Debrief'}</span>
        </div>
        <ThemeToggle />
        <button className="button secondary" type="button" onClick={onClose}>
          ← Back to the room
        </button>
      </header>
      <main className="debrief" id="debrief" aria-labelledby={`${id}-h`}>
        {rounds.length > 1 && (
          <nav className="round-tabs" aria-label="Rounds">
            {rounds.map((r) => (
              <button key={r.n} type="button" className="chip" aria-current={r.n === round ? 'page' : undefined} onClick={() => onRound(r.n)}>
                Round {r.n}
                {r.question && <span className="muted"> · {r.question.title}</span>}
              </button>
            ))}
          </nav>
        )}
        <h1 id={`${id}-h`} ref={headingRef} tabIndex={-1}>
          Debrief · round {round}
          {d?.round.question && <span className="debrief-q">{d.round.question.title}</span>}
        </h1>
        {d && (
          <p className="debrief-replay">
            <a className="button secondary" href={`/r/${d.room.id}/replay/${d.round.n}`}>
              ▶ Replay this round
            </a>
          </p>
        )}
        {error && <div className="alert error" role="alert">{error}</div>}
        {!d && !error && <p className="muted" role="status">Loading the debrief…</p>}
        {d && (
          <DebriefBody
            d={d}
            onBoardSvg={(s) => setBoardSvg({ round, svg: s })}
            scoring={
              // The current round is scored in the room's sidebar; past rounds here.
              rounds.length > 0 && round !== rounds[rounds.length - 1]!.n ? (
                <PastRoundScoring d={d} client={client} onSaved={() => setReload((n) => n + 1)} />
              ) : null
            }
          />
        )}
        {d && (
          <section className="debrief-section exports" aria-labelledby={`${id}-x`}>
            <h2 id={`${id}-x`}>Export</h2>
            <p className="muted small">
              The same debrief as you see it here — nothing more — as a file to keep.
              {svgUrl && ' The Markdown shows the board from the SVG file: keep both in one folder.'}
            </p>
            <div className="form-actions left">
              {mdUrl && (
                <a className="button secondary" href={mdUrl} download={`${file}.md`}>
                  Download Markdown
                </a>
              )}
              {jsonUrl && (
                <a className="button secondary" href={jsonUrl} download={`${file}.json`}>
                  Download JSON
                </a>
              )}
              {svgUrl && (
                <a className="button secondary" href={svgUrl} download={boardFile}>
                  Download board (SVG)
                </a>
              )}
            </div>
          </section>
        )}
      </main>
    </div>
  )
}

function DebriefBody({ d, scoring, onBoardSvg }: { d: Debrief; scoring: ReactNode; onBoardSvg: (svg: string) => void }) {
  const highlights = debriefHighlights(d)
  const staff = d.viewer === 'interviewer'
  const lang = Language.safeParse(d.finalCode.language)
  const when = new Date(d.timeline.startedAt ?? d.round.startedAt)
  return (
    <>
      <p className="debrief-meta">
        <span className={`kind-badge kind-${d.round.kind}`}>{KIND_LABELS[d.round.kind]}</span>
        {d.round.question && <span className="tag">{d.round.question.difficulty}</span>}
        <span>
          You were the <strong>{ROLE_INFO[d.viewer].label.toLowerCase()}</strong>
        </span>
        <span className="muted">{when.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}</span>
      </p>

      <section className="debrief-section highlights" aria-label="Highlights">
        <ul>
          {highlights.map((h, i) => (
            <li key={i}>{h}</li>
          ))}
        </ul>
      </section>

      <dl className="stats">
        <div className="stat">
          <dt>Time</dt>
          <dd>
            <span className="stat-n mono">{formatElapsed(d.timeline.actualMs)}</span>
            <span className="stat-sub">of {formatMinutes(d.timeline.plannedMs)} planned</span>
          </dd>
        </div>
        <div className="stat">
          <dt>Hints</dt>
          <dd>
            <span className="stat-n">{d.counts.hints}</span>
            <span className="stat-sub">{d.counts.ladderHints} ladder · {d.counts.customHints} custom</span>
          </dd>
        </div>
        <div className="stat">
          <dt>Clarifying questions</dt>
          <dd>
            <span className="stat-n">{d.counts.clarifications}</span>
            <span className="stat-sub">{d.counts.answered} answered · {d.counts.pinned} pinned</span>
          </dd>
        </div>
        {d.counts.stuck !== null && (
          <div className="stat">
            <dt>“I’m stuck”</dt>
            <dd>
              <span className="stat-n">{d.counts.stuck}</span>
              <span className="stat-sub">signals</span>
            </dd>
          </div>
        )}
        {d.counts.notes !== null && (
          <div className="stat">
            <dt>Private notes</dt>
            <dd>
              <span className="stat-n">{d.counts.notes}</span>
              <span className="stat-sub">only you see them</span>
            </dd>
          </div>
        )}
      </dl>

      <section className="debrief-section" aria-labelledby="tl-h">
        <h2 id="tl-h">Timeline</h2>
        <TimelineChart debrief={d} />
      </section>

      {d.behavioral && <BehavioralDebriefSection b={d.behavioral} />}

      <section className="debrief-section" aria-labelledby="sc-h">
        <h2 id="sc-h">Scores</h2>
        <ScoreTable d={d} />
        {scoring}
      </section>

      <div className="debrief-columns">
        <section className="debrief-section" aria-labelledby="hi-h">
          <h2 id="hi-h">Hints <span className="count">{d.hints.length}</span></h2>
          {d.hints.length === 0 ? (
            <p className="muted">No hints in this round.</p>
          ) : (
            <ol className="timeline-list">
              {d.hints.map((h, i) => (
                <li key={i}>
                  <span className="tl-time mono">{formatElapsed(h.elapsedMs)}</span>
                  <div>
                    <p className="tl-meta">
                      {h.phaseLabel} · {h.tier === null ? 'custom nudge' : `ladder hint ${h.tier + 1}${h.edited ? ', reworded' : ''}`}
                      {h.line !== null && ` · line ${h.line}`}
                    </p>
                    <p><InlineMarkdown source={h.text} /></p>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section className="debrief-section" aria-labelledby="ch-h">
          <h2 id="ch-h">Chat <span className="count">{d.chat.length}</span></h2>
          {d.chat.length === 0 ? (
            <p className="muted">No chat messages in this round.</p>
          ) : (
            <ol className="timeline-list">
              {d.chat.map((m) => (
                <li key={m.id} data-testid="debrief-chat">
                  <span className="tl-time mono">{formatElapsed(Math.max(0, m.at - (d.timeline.startedAt ?? d.round.startedAt)))}</span>
                  <div>
                    <p className="tl-meta">{m.from.name} · {m.from.role}</p>
                    <p style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{m.text}</p>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </section>
        {/* With hidden-test details (the interviewer's view) the runs take a whole row of their own. */}
        <section className={d.runs.some((r) => r.hiddenCases?.length) ? 'debrief-section debrief-runs wide' : 'debrief-section debrief-runs'} aria-labelledby="runs-h">
          <h2 id="runs-h">Code runs <span className="count">{d.runs.length}</span></h2>
          {d.runs.length === 0 ? (
            <p className="muted">No code was run in this round.</p>
          ) : (
            <ol className="timeline-list">
              {d.runs.map((r) => (
                <li key={r.id} data-testid="debrief-run">
                  <span className="tl-time mono">{formatElapsed(Math.max(0, r.startedAt - (d.timeline.startedAt ?? d.round.startedAt)))}</span>
                  <div>
                    <p className="tl-meta">
                      {r.by.name} · {LANGUAGE_LABELS[r.language]} · {r.kind === 'tests' ? 'tests' : 'run'}{r.private ? ' · private' : ''}
                    </p>
                    <p>
                      <strong>{RUN_STATUS_LABELS[r.status]}</strong>
                      {runSummary(r) ? ` · ${runSummary(r)}` : ''}
                    </p>
                    {r.cases.length > 0 && (
                      <p className="mono" aria-label="Tests">
                        {r.cases.map((c) => (c.passed ? '✓' : '✗')).join(' ')}
                      </p>
                    )}
                    {r.hiddenCases && r.hiddenCases.length > 0 && <HiddenCases cases={r.hiddenCases} />}
                  </div>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section className="debrief-section" aria-labelledby="cq-h">
          <h2 id="cq-h">Clarifying questions <span className="count">{d.clarifications.length}</span></h2>
          {d.clarifications.length === 0 ? (
            <p className="muted">No clarifying questions in this round.</p>
          ) : (
            <ol className="timeline-list">
              {d.clarifications.map((q, i) => (
                <li key={i}>
                  <span className="tl-time mono">{formatElapsed(q.elapsedMs)}</span>
                  <div>
                    <p className="tl-meta">
                      {q.phaseLabel}
                      {q.pinned && <span className="tag pinned">assumption</span>}
                    </p>
                    <p className="clarify-q"><InlineMarkdown source={q.text} /></p>
                    <p className="clarify-a">{q.answer !== null ? <InlineMarkdown source={q.answer} /> : <span className="muted">Not answered</span>}</p>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>

      {staff && d.notes && (
        <section className="debrief-section private" aria-labelledby="nt-h">
          <h2 id="nt-h">Your private notes <span className="count">{d.notes.length}</span></h2>
          {d.notes.length === 0 ? (
            <p className="muted">No notes.</p>
          ) : (
            <ol className="timeline-list">
              {d.notes.map((n, i) => (
                <li key={i}>
                  <span className="tl-time mono">{formatElapsed(n.elapsedMs)}</span>
                  <div>
                    <p className="tl-meta">{n.phaseLabel}</p>
                    <p>{n.text}</p>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </section>
      )}

      <div className={d.board?.elements.length ? 'debrief-columns final-work' : undefined}>
      {d.board && d.board.elements.length > 0 && (
        <section className="debrief-section" aria-labelledby="fb-h">
          <h2 id="fb-h">Board</h2>
          <p className="small muted" data-testid="board-caption">{boardCaption(d)}</p>
          <Suspense fallback={<p className="muted small" role="status">Drawing the board…</p>}>
            <BoardSnapshot board={d.board} label={`The whiteboard of ${d.room.title}`} onSvg={onBoardSvg} />
          </Suspense>
        </section>
      )}
      {(d.finalCode.text.trim() !== '' || d.round.kind === 'coding') && (
      <section className="debrief-section" aria-labelledby="fc-h">
        <h2 id="fc-h">
          Final code <span className="muted small">· {lang.success ? LANGUAGE_LABELS[lang.data] : d.finalCode.language}</span>
        </h2>
        <p className="small muted">
          {d.finalCode.capturedAt
            ? `As it was when the round ended, ${new Date(d.finalCode.capturedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}.`
            : d.round.endedAt !== null
              ? 'The shared editor as it is now: it stays editable after the round ends.'
              : 'The code as it is now: the round is still running.'}
        </p>
        <pre className="final-code" tabIndex={0} aria-label="Final code">
          <code>{d.finalCode.text || '(empty)'}</code>
        </pre>
      </section>
      )}
      </div>
    </>
  )
}
