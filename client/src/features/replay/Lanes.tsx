import { memo, useMemo } from 'react'
import type { Debrief } from '@nudge/shared'
import { formatReplayTime } from '@nudge/shared'
import type { DocHistory } from './engine.ts'
import { LANE_LABELS, density, phaseBars, type LaneId, type Marker } from './lanes.ts'

const BUCKETS = 120

export interface LanesProps {
  markers: Marker[]
  debrief: Debrief
  code: DocHistory
  board: DocHistory | null
  startAt: number
  duration: number
  selected: string | null
  /** A marker button may stand for several events close together: all of them, oldest first. */
  onSelect(group: Marker[]): void
  people: { name(id: string): string; color(id: string): string }
}

/** The playhead over the lanes; the lanes themselves do not redraw as time moves. */
export function Playhead({ t, duration }: { t: number; duration: number }) {
  return <div className="replay-playhead" style={{ left: `calc(var(--lane-label) + (100% - var(--lane-label) - var(--lane-pad)) * ${t / Math.max(1, duration)})` }} aria-hidden="true" />
}

/**
 * The round's lanes under the scrubber: phases as they ran (planned length in the tooltip),
 * typing density per author, then one lane per kind of event. Markers are buttons: clicking one
 * seeks there and shows it in the side panel. Lanes with nothing in them are left out (so a
 * candidate, whose debrief has no notes, has no notes lane).
 */
export const Lanes = memo(function Lanes({ markers, debrief, code, board, startAt, duration, selected, onSelect, people }: LanesProps) {
  const pct = (at: number) => `${(Math.max(0, Math.min(duration, at - startAt)) / Math.max(1, duration)) * 100}%`
  const endAt = startAt + duration
  const typing = useMemo(() => density(code, startAt, endAt, BUCKETS), [code, startAt, endAt])
  const drawing = useMemo(() => (board ? density(board, startAt, endAt, BUCKETS) : null), [board, startAt, endAt])
  const bars = useMemo(() => phaseBars(debrief, endAt), [debrief, endAt])
  const lanes: LaneId[] = ['runs', 'hints', 'questions', 'pastes', 'chat', 'notes']
  const strip = (row: number[], color: string) => (
    <div className="replay-density">
      {row.map((v, i) => (
        <span key={i} style={{ opacity: v === 0 ? 0 : 0.25 + 0.75 * v, background: color }} />
      ))}
    </div>
  )
  const markerButtons = (list: Marker[]) =>
    clusters(list, duration).map((group) => {
      const m = group[0]!
      const label = `${formatReplayTime(m.at - startAt)} ${group.map((x) => x.title).join('; ')}`
      return (
        <button
          key={m.id}
          type="button"
          className={`replay-marker kind-${m.kind}${group.length > 1 ? ' several' : ''}`}
          style={{ left: pct(m.at) }}
          aria-pressed={group.some((x) => x.id === selected)}
          aria-label={label}
          title={label}
          data-kind={m.kind}
          onClick={() => onSelect(group)}
        />
      )
    })

  return (
    <div className="replay-lanes" role="group" aria-label="Timeline">
      <div className="replay-lane">
        <span className="replay-lane-label">{LANE_LABELS.phases}</span>
        <div className="replay-track">
          {bars.map((b, i) => (
            <span
              key={i}
              className={`replay-bar${b.to - b.from > b.plannedMs ? ' over' : ''}`}
              style={{ left: pct(b.from), width: `calc(${pct(b.to)} - ${pct(b.from)})` }}
              title={`${b.label}: ${formatReplayTime(b.to - b.from)} (planned ${formatReplayTime(b.plannedMs)})`}
            >
              {b.label}
            </span>
          ))}
          {markerButtons(markers.filter((m) => m.lane === 'phases' && m.kind !== 'phase'))}
        </div>
      </div>
      {[...typing].map(([author, row]) => (
        <div className="replay-lane" key={`typing-${author}`}>
          <span className="replay-lane-label" title={`Typing: ${people.name(author)}`}>⌨ {people.name(author)}</span>
          <div className="replay-track">{strip(row, people.color(author))}</div>
        </div>
      ))}
      {drawing && drawing.size > 0 && (
        <div className="replay-lane">
          <span className="replay-lane-label">{LANE_LABELS.board}</span>
          <div className="replay-track">
            {[...drawing].map(([author, row]) => <div key={author} className="replay-stack">{strip(row, people.color(author))}</div>)}
          </div>
        </div>
      )}
      {lanes.map((lane) => {
        const list = markers.filter((m) => m.lane === lane)
        if (list.length === 0) return null
        return (
          <div className={`replay-lane lane-${lane}`} key={lane}>
            <span className="replay-lane-label">{LANE_LABELS[lane]}</span>
            <div className="replay-track">{markerButtons(list)}</div>
          </div>
        )
      })}
    </div>
  )
})

/**
 * Markers closer than `gap` of the round's length share one button (they would overlap and
 * hide each other): a question and its quick answer, a burst of runs.
 */
export function clusters(list: Marker[], duration: number, gap = 0.012): Marker[][] {
  const out: Marker[][] = []
  const span = Math.max(1, duration)
  for (const m of list) {
    const last = out.at(-1)
    if (last && (m.at - last[0]!.at) / span < gap) last.push(m)
    else out.push([m])
  }
  return out
}
