import { useState } from 'react'
import type { Dashboard, DashboardRoom } from '@nudge/shared'
import { sameOriginHref } from '../../lib/route.ts'

const FILTERS = { all: 'All rooms', attention: 'Needs attention', idle: 'Not started' } as const
type Filter = keyof typeof FILTERS

const needsAttention = (r: DashboardRoom) => r.stuck > 0 || r.noShow || r.overrun
const clock = (ms: number) => {
  const s = Math.round(Math.abs(ms) / 1000)
  return `${ms < 0 ? '+' : ''}${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

function Person({ p, role, onAbsent }: { p: DashboardRoom['interviewer']; role: string; onAbsent?: (id: string, name: string) => void }) {
  return (
    <li className={p.online ? 'online' : 'offline'}>
      <span className="dot" aria-hidden="true" />
      {p.name} <span className="muted small">· {role}{p.online ? '' : ' · not here'}</span>
      {onAbsent && !p.online && (
        <button className="button ghost small" type="button" aria-label={`Mark ${p.name} absent`} onClick={() => onAbsent(p.id, p.name)}>
          Absent
        </button>
      )}
    </li>
  )
}

/** Every room of the current round: who is here, the clock, stuck signals; refreshed by the page. Someone not here can be marked absent from their tile. */
export function RoomsBoard({ data, onAbsent }: { data: Dashboard; onAbsent?: (id: string, name: string) => void }) {
  const [filter, setFilter] = useState<Filter>('all')
  const rooms = data.rooms.filter((r) => filter === 'all' || (filter === 'attention' ? needsAttention(r) : r.status === 'idle'))
  return (
    <section className="card cohort-panel" aria-labelledby="board-h" data-testid="rooms-board">
      <div className="board-head">
        <h2 id="board-h">
          Round {data.session?.current} of {data.session?.rounds} · {data.rooms.length} rooms
        </h2>
        <div role="group" aria-label="Filter rooms" className="board-filters">
          {(Object.keys(FILTERS) as Filter[]).map((f) => (
            <button key={f} type="button" className={`button small ${filter === f ? 'secondary' : 'ghost'}`} aria-pressed={filter === f} onClick={() => setFilter(f)}>
              {FILTERS[f]}
            </button>
          ))}
        </div>
      </div>
      <ul className="rooms-grid">
        {rooms.map((r) => (
          <li key={r.roomId} className={`room-tile ${needsAttention(r) ? 'attention' : ''}`} data-testid="room-tile">
            <div className="tile-head">
              <span className={`status status-${r.status}`}>{r.status}</span>
              <span className="mono">{r.remainingMs === null ? '—' : clock(r.remainingMs)}</span>
            </div>
            <p className="small">{r.phase ?? ''}{r.questionTitle ? ` · ${r.questionTitle}` : ''}</p>
            <ul className="people">
              <Person p={r.interviewer} role="interviewer" onAbsent={onAbsent} />
              <Person p={r.candidate} role="candidate" onAbsent={onAbsent} />
              {r.observer && <Person p={r.observer} role="observer" onAbsent={onAbsent} />}
            </ul>
            <div className="badges">
              {r.stuck > 0 && <span className="badge stuck">stuck ×{r.stuck}</span>}
              {r.noShow && <span className="badge no-show">someone missing</span>}
              {r.overrun && <span className="badge overrun">running over</span>}
            </div>
            <a className="link-action" href={sameOriginHref(r.observeUrl)} target="_blank" rel="noopener noreferrer">
              Observe<span className="visually-hidden"> (opens in a new tab)</span>
            </a>
          </li>
        ))}
      </ul>
      {rooms.length === 0 && <p className="muted">No rooms match this filter.</p>}
    </section>
  )
}
