import { useEffect, useId, useRef, useState } from 'react'
import type { Debrief } from '@nudge/shared'
import { formatElapsed, formatMinutes } from '../../../lib/duration.ts'
import { layoutTimeline, type Marker, type MarkerKind } from './timelineLayout.ts'

const MARKER_NAMES: Record<MarkerKind, string> = {
  hint: 'Hint', clarify: 'Question', answer: 'Answer', note: 'Note', stuck: 'Stuck', run: 'Run',
}

function MarkerShape({ m }: { m: Marker }) {
  const { x, y } = m
  switch (m.kind) {
    case 'hint':
      return <path d={`M${x} ${y - 6}L${x + 6} ${y}L${x} ${y + 6}L${x - 6} ${y}Z`} className="mk mk-hint" />
    case 'clarify':
      return <circle cx={x} cy={y} r={5} className="mk mk-clarify" />
    case 'answer':
      return <circle cx={x} cy={y} r={4.5} className="mk mk-answer" />
    case 'note':
      return <rect x={x - 4.5} y={y - 4.5} width={9} height={9} rx={1.5} className="mk mk-note" />
    case 'stuck':
      return <path d={`M${x} ${y - 6}L${x + 6} ${y + 5}L${x - 6} ${y + 5}Z`} className="mk mk-stuck" />
    case 'run':
      return <path d={`M${x - 4} ${y - 6}L${x + 6} ${y}L${x - 4} ${y + 6}Z`} className="mk mk-run" />
  }
}

/**
 * Planned against actual phases and what happened when, drawn as SVG from timelineLayout's
 * geometry. The same data is offered as a table for screen readers and for copying.
 */
export function TimelineChart({ debrief }: { debrief: Debrief }) {
  const id = useId()
  const wrap = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(880)
  useEffect(() => {
    const el = wrap.current
    if (!el) return
    const ro = new ResizeObserver(([entry]) => setWidth(Math.max(560, Math.floor(entry!.contentRect.width))))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  const staff = debrief.viewer === 'interviewer'
  const l = layoutTimeline(debrief.timeline, { width, withNotes: staff })
  const t = debrief.timeline
  return (
    <figure className="timeline" aria-labelledby={`${id}-cap`}>
      <div className="timeline-scroll" ref={wrap} tabIndex={0} role="region" aria-label="Timeline chart">
        <svg width={l.width} height={l.height} viewBox={`0 0 ${l.width} ${l.height}`} role="img" aria-labelledby={`${id}-t`} aria-describedby={`${id}-d`}>
          <title id={`${id}-t`}>Timeline of round {debrief.round.n}</title>
          <desc id={`${id}-d`}>
            {`Planned ${formatMinutes(t.plannedMs)}, actual ${formatElapsed(t.actualMs)}. ${debrief.counts.hints} hints and ${debrief.counts.clarifications} clarifying questions are marked. The table below lists the same data.`}
          </desc>
          {l.ticks.map((tk) => (
            <g key={tk.ms}>
              <line x1={tk.x} x2={tk.x} y1={4} y2={l.axisY} className="grid" />
              <text x={tk.x} y={l.axisY + 16} className="tick" textAnchor="middle">{tk.label}</text>
            </g>
          ))}
          {l.rows.map((r) => (
            <g key={r.id}>
              <text x={l.plotX - 10} y={r.y + r.height / 2 + 4} className="row-label" textAnchor="end">{r.label}</text>
              {r.id !== 'planned' && r.id !== 'actual' && <line x1={l.plotX} x2={l.plotX + l.plotWidth} y1={r.y + r.height / 2} y2={r.y + r.height / 2} className="lane-line" />}
            </g>
          ))}
          {l.planned.map((b) => {
            const row = l.rows.find((r) => r.id === 'planned')!
            return (
              <g key={`p-${b.id}`}>
                <rect x={b.x + 1} y={row.y} width={Math.max(1, b.width - 2)} height={row.height} rx={4} className={`bar planned p${b.index % 6}`}>
                  <title>{`${b.label}: ${formatMinutes(b.endMs - b.startMs)} planned`}</title>
                </rect>
                {b.showLabel && <text x={b.x + 8} y={row.y + row.height / 2 + 4} className="bar-label">{b.label}</text>}
              </g>
            )
          })}
          {l.actual.map((b) => {
            const row = l.rows.find((r) => r.id === 'actual')!
            const overW = b.overMs > 0 ? (b.width * b.overMs) / (b.endMs - b.startMs) : 0
            return (
              <g key={`a-${b.id}`}>
                <rect x={b.x + 1} y={row.y} width={Math.max(1, b.width - 2)} height={row.height} rx={4} className={`bar actual p${b.index % 6}`}>
                  <title>{`${b.label}: ${formatElapsed(b.endMs - b.startMs)} actual${b.overMs ? `, ${formatElapsed(b.overMs)} over plan` : ''}`}</title>
                </rect>
                {overW > 2 && <rect x={b.x + b.width - overW} y={row.y} width={Math.max(1, overW - 1)} height={row.height} rx={3} className="bar over" />}
                {b.showLabel && <text x={b.x + 8} y={row.y + row.height / 2 + 4} className="bar-label strong">{b.label}</text>}
              </g>
            )
          })}
          {l.markers.map((m, i) => (
            <g key={i} className="marker">
              <MarkerShape m={m} />
              <title>{`${formatElapsed(m.elapsedMs)} · ${MARKER_NAMES[m.kind]}: ${m.label}`}</title>
            </g>
          ))}
          <line x1={l.plotX} x2={l.plotX + l.plotWidth} y1={l.axisY} y2={l.axisY} className="axis" />
        </svg>
      </div>
      <figcaption id={`${id}-cap`} className="timeline-legend">
        <span><span className="swatch planned" aria-hidden="true" /> Planned</span>
        <span><span className="swatch actual" aria-hidden="true" /> Actual</span>
        <span><span className="swatch over" aria-hidden="true" /> Over plan</span>
        <span><svg viewBox="-7 -7 14 14" className="legend-mk" aria-hidden="true"><path d="M0 -6L6 0L0 6L-6 0Z" className="mk mk-hint" /></svg> Hint</span>
        <span><svg viewBox="-7 -7 14 14" className="legend-mk" aria-hidden="true"><circle r="5" className="mk mk-clarify" /></svg> Question</span>
        <span><svg viewBox="-7 -7 14 14" className="legend-mk" aria-hidden="true"><circle r="4.5" className="mk mk-answer" /></svg> Answer</span>
        {staff && <span><svg viewBox="-7 -7 14 14" className="legend-mk" aria-hidden="true"><rect x="-4.5" y="-4.5" width="9" height="9" className="mk mk-note" /></svg> Note</span>}
        {staff && <span><svg viewBox="-7 -7 14 14" className="legend-mk" aria-hidden="true"><path d="M0 -6L6 5L-6 5Z" className="mk mk-stuck" /></svg> Stuck</span>}
        {l.markers.some((m) => m.kind === 'run') && <span><svg viewBox="-7 -7 14 14" className="legend-mk" aria-hidden="true"><path d="M-4 -6L6 0L-4 6Z" className="mk mk-run" /></svg> Code run</span>}
        <span className="muted">Time axis: clock running time (pauses left out). Hover a mark for details.</span>
      </figcaption>
      <details className="timeline-table">
        <summary>Timeline as a table</summary>
        <table>
          <caption className="visually-hidden">Phases, planned against actual</caption>
          <thead>
            <tr><th scope="col">Phase</th><th scope="col">Planned</th><th scope="col">Extended</th><th scope="col">Actual</th></tr>
          </thead>
          <tbody>
            {t.phases.map((p) => (
              <tr key={p.id} className={p.skipped ? 'skipped' : undefined}>
                <th scope="row">{p.label}</th>
                <td>{formatMinutes(p.plannedMs)}</td>
                <td>{p.extendedMs ? formatMinutes(p.extendedMs) : '–'}</td>
                <td>{p.skipped ? 'skipped' : p.actualMs ? formatElapsed(p.actualMs) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption className="visually-hidden">Events in order</caption>
          <thead>
            <tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Detail</th></tr>
          </thead>
          <tbody>
            {t.events.map((e, i) => (
              <tr key={i}>
                <td className="mono">{formatElapsed(e.elapsedMs)}</td>
                <td>{EVENT_NAMES[e.kind]}</td>
                <td>{e.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}

const EVENT_NAMES: Record<Debrief['timeline']['events'][number]['kind'], string> = {
  start: 'Start', phase: 'Phase', pause: 'Pause', resume: 'Resume', extend: 'Extension', end: 'End',
  hint: 'Hint', stuck: 'Stuck', clarify: 'Question', answer: 'Answer', note: 'Note', question: 'Question changed', run: 'Code run',
}
