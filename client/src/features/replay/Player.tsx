import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { formatReplayTime } from '@nudge/shared'
import { authoredSegments } from './engine.ts'
import { activity, authorLookup, buildMarkers, skipIdleTarget, type Marker } from './lanes.ts'
import type { LoadedReplay } from './load.ts'
import { CodeView, changedLine } from './CodeView.tsx'
import { Lanes, Playhead } from './Lanes.tsx'
import { boardAt } from './board.ts'

// Excalidraw draws the board at a moment: loaded only when a replay with a board shows it.
const BoardSnapshot = lazy(() => import('../board/BoardSnapshot.tsx'))

export const SPEEDS = [1, 2, 4, 8, 16] as const
/** ←/→ step. */
const STEP_MS = 5000
/** Skip idle jumps over gaps longer than this with no edit and no event. */
const IDLE_MS = 8000

export interface PlayerProps {
  data: LoadedReplay
  roomId: string
  round: number
}

/**
 * The replay player: the code at time t (read-only, coloured by author), play/pause at 1–16×,
 * skip idle, a scrubber, the round's lanes, and a side panel for the selected marker. Time t is
 * ms from the round's start; the address bar's `?t=` follows it when paused.
 */
export function Player({ data, roomId, round }: PlayerProps) {
  const { meta, code, board } = data
  const startAt = meta.startAt
  const duration = Math.max(0, meta.endAt - meta.startAt, (code.updates.at(-1)?.at ?? startAt) - startAt)
  const people = useMemo(() => authorLookup(meta.authors), [meta.authors])
  const markers = useMemo(() => buildMarkers(meta.debrief, code, people.name), [meta.debrief, code, people])
  const times = useMemo(() => activity(board ? [code, board] : [code], markers), [code, board, markers])

  const [t, setT] = useState(() => Math.min(meta.t ?? 0, duration))
  const [playing, setPlaying] = useState(false)
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(1)
  const [skipIdle, setSkipIdle] = useState(true)
  const [selected, setSelected] = useState<Marker[]>([])
  const [view, setView] = useState<'code' | 'board'>(meta.debrief.round.kind === 'system-design' && board ? 'board' : 'code')
  const rootRef = useRef<HTMLDivElement>(null)
  const tRef = useRef(t)
  tRef.current = t

  const seek = useCallback((ms: number) => setT(Math.max(0, Math.min(duration, Math.round(ms)))), [duration])

  // Playback: advance by wall time × speed each frame; with skip idle, jump over quiet gaps.
  useEffect(() => {
    if (!playing) return
    let last = performance.now()
    let frame = requestAnimationFrame(function tick(now) {
      let next = tRef.current + (now - last) * speed
      last = now
      if (skipIdle) {
        const target = skipIdleTarget(times, startAt + next, IDLE_MS)
        if (target !== null) next = target - startAt
      }
      if (next >= duration) {
        setT(duration)
        setPlaying(false)
        return
      }
      setT(next)
      frame = requestAnimationFrame(tick)
    })
    return () => cancelAnimationFrame(frame)
  }, [playing, speed, skipIdle, times, startAt, duration])

  // The address bar's ?t= follows the paused position: a copied address opens this moment.
  useEffect(() => {
    if (playing) return
    const url = `${window.location.pathname}?t=${formatReplayTime(t)}`
    window.history.replaceState(window.history.state, '', url)
  }, [t, playing])

  useEffect(() => {
    rootRef.current?.focus()
  }, [])

  const count = code.countAt(startAt + t)
  const segments = useMemo(() => authoredSegments(code.docAfter(count), code.clients), [code, count])
  // While playing, the view follows the line that just changed.
  // (The previous text is the last committed one, so a double render in StrictMode agrees.)
  const lastText = useRef('')
  const text = useMemo(() => segments.map((x) => x.text).join(''), [segments])
  const follow = playing ? changedLine(lastText.current, text) : null
  useEffect(() => {
    lastText.current = text
  }, [text])
  const boardCount = board ? board.countAt(startAt + t) : 0
  // While playing, the board picture follows in steps (drawing it is slow); paused, exactly.
  const boardStep = playing ? Math.floor(boardCount / 25) : boardCount
  const boardContent = useMemo(
    () => (board && view === 'board' ? boardAt(board.docAfter(boardCount)) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [board, view, boardStep],
  )

  // The current event: the last marker at or before t. Announced when it changes.
  const current = useMemo(() => {
    let m: Marker | null = null
    for (const x of markers) if (x.at <= startAt + t) m = x
    return m
  }, [markers, startAt, t])

  const jumpEvent = (dir: 1 | -1) => {
    const now = startAt + t
    const m = dir > 0 ? markers.find((x) => x.at > now + 1) : [...markers].reverse().find((x) => x.at < now - 1)
    if (m) {
      seek(m.at - startAt)
      setSelected([m])
    }
  }

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const el = e.target as HTMLElement
    if (el.tagName === 'SELECT' || (el instanceof HTMLInputElement && el.type === 'checkbox' && e.key === ' ')) return
    if (e.altKey || e.ctrlKey || e.metaKey) return
    const keys: Record<string, () => void> = {
      ' ': () => setPlaying((p) => !p),
      ArrowLeft: () => (e.shiftKey ? jumpEvent(-1) : seek(t - STEP_MS)),
      ArrowRight: () => (e.shiftKey ? jumpEvent(1) : seek(t + STEP_MS)),
      Home: () => seek(0),
      End: () => seek(duration),
    }
    const action = keys[e.key]
    if (!action) return
    e.preventDefault()
    action()
  }

  const authorsSeen = useMemo(() => [...new Set(code.updates.map((u) => u.author))], [code])
  // Stable, so the memoized lanes do not redraw on every step of playback.
  const selectMarker = useCallback((group: Marker[]) => {
    seek(group[0]!.at - startAt)
    setSelected(group)
  }, [seek, startAt])
  const selectedId = selected[0]?.id ?? null

  return (
    <div className="replay-player" ref={rootRef} tabIndex={-1} onKeyDown={onKey} aria-label="Replay player">
      <div className="replay-main">
        <section className="replay-stage" aria-label={view === 'code' ? 'Code at this moment' : 'Board at this moment'}>
          <div className="replay-stage-head">
            {board && (
              <div className="replay-tabs" role="group" aria-label="Show">
                <button type="button" className="chip" aria-pressed={view === 'code'} onClick={() => setView('code')}>Code</button>
                <button type="button" className="chip" aria-pressed={view === 'board'} onClick={() => setView('board')}>Board</button>
              </div>
            )}
            <ul className="replay-legend" aria-label="Authors">
              {authorsSeen.map((a) => (
                <li key={a}><span className="swatch" style={{ background: people.color(a) }} aria-hidden="true" />{people.name(a)}</li>
              ))}
            </ul>
          </div>
          {view === 'code' ? (
            <CodeView segments={segments} follow={follow} color={people.color} name={people.name} />
          ) : boardContent ? (
            <Suspense fallback={<p className="muted">Drawing the board…</p>}>
              <BoardSnapshot board={boardContent} label={`The board at ${formatReplayTime(t)}`} />
            </Suspense>
          ) : (
            <p className="muted replay-empty">Nothing on the board yet at {formatReplayTime(t)}.</p>
          )}
        </section>
        <aside className="replay-side" aria-label="What happened">
          <h2>{selected[0] ? formatReplayTime(selected[0].at - startAt) : 'Details'}</h2>
          {selected.length > 0 ? (
            <div className="replay-detail" data-testid="replay-detail">
              {selected.map((m) => (
                <div key={m.id}>
                  <p className="replay-detail-title">{m.title.split(':')[0]} <span className="muted small">{formatReplayTime(m.at - startAt)}</span></p>
                  <p className="replay-detail-text">{m.detail}</p>
                </div>
              ))}
            </div>
          ) : (
            <p className="muted small">Click a marker on the timeline, or press Shift+→ for the next event.</p>
          )}
          <p className="muted small replay-keys">Space play/pause · ←/→ 5 s · Shift+←/→ previous/next event · Home/End</p>
        </aside>
      </div>

      <div className="replay-controls">
        <button type="button" className="button primary" onClick={() => setPlaying((p) => !p)} aria-label={playing ? 'Pause' : 'Play'} data-testid="replay-play">
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <div className="replay-speeds" role="group" aria-label="Speed">
          {SPEEDS.map((s) => (
            <button key={s} type="button" className="chip" aria-pressed={speed === s} onClick={() => setSpeed(s)}>{s}×</button>
          ))}
        </div>
        <label className="replay-skip">
          <input type="checkbox" checked={skipIdle} onChange={(e) => setSkipIdle(e.target.checked)} /> Skip idle
        </label>
        <span className="replay-time" data-testid="replay-time">
          {formatReplayTime(t)} / {formatReplayTime(duration)}
        </span>
        <button
          type="button"
          className="button secondary small"
          onClick={() => void navigator.clipboard?.writeText(`${window.location.origin}/r/${roomId}/replay/${round}?t=${formatReplayTime(t)}`)}
        >
          Copy link to this moment
        </button>
      </div>

      <input
        className="replay-scrubber"
        type="range"
        min={0}
        max={duration}
        step={1000}
        value={Math.round(t)}
        onChange={(e) => seek(Number(e.target.value))}
        aria-label="Time in the round"
        aria-valuetext={`${formatReplayTime(t)} of ${formatReplayTime(duration)}`}
      />
      <div className="replay-timeline">
        <Playhead t={t} duration={duration} />
        <Lanes
          markers={markers}
          debrief={meta.debrief}
          code={code}
          board={board}
          startAt={startAt}
          duration={duration}
          selected={selectedId}
          onSelect={selectMarker}
          people={people}
        />
      </div>
      <p className="visually-hidden" aria-live="polite" data-testid="replay-announce">
        {current ? `${formatReplayTime(current.at - startAt)} — ${current.title}` : ''}
      </p>
    </div>
  )
}
