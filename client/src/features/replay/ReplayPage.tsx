import { useEffect, useState } from 'react'
import { Brand } from '../common/Brand.tsx'
import { ThemeToggle } from '../common/ThemeToggle.tsx'
import { loadReplay, type LoadedReplay, type Progress } from './load.ts'
import { Player } from './Player.tsx'
import './replay.css'

export interface ReplayPageProps {
  roomId: string
  round: number
  token: string | null
}

/** `/r/<room>/replay/<n>?t=12:34`: a round's replay, loaded with progress, then the player. */
export default function ReplayPage({ roomId, round, token }: ReplayPageProps) {
  const [data, setData] = useState<LoadedReplay | null>(null)
  const [progress, setProgress] = useState<Progress | null>(null)
  const [error, setError] = useState<string | null>(null)
  const t = new URLSearchParams(window.location.search).get('t')

  useEffect(() => {
    if (!token) return
    const abort = new AbortController()
    loadReplay(roomId, round, token, t, setProgress, abort.signal).then(setData, (err: unknown) => {
      if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err))
    })
    return () => abort.abort()
    // `t` is read once: later changes are the player's own (it writes the address bar).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [roomId, round, token])

  useEffect(() => () => {
    data?.code.destroy()
    data?.board?.destroy()
  }, [data])

  return (
    <div className="replay-page">
      <header className="topbar debrief-top">
        <div className="room-title">
          <Brand />
          <span className="divider" aria-hidden="true" />
          <span className="muted">{data?.meta.debrief.room.title ?? 'Replay'}</span>
        </div>
        <ThemeToggle />
        <a className="button secondary" href={`/r/${roomId}/debrief/${round}`}>← Debrief</a>
      </header>
      <main className="replay" id="main">
        <h1>
          Replay · round {round}
          {data?.meta.debrief.round.question && <span className="debrief-q">{data.meta.debrief.round.question.title}</span>}
        </h1>
        {!token && (
          <div className="alert error" role="alert">
            This browser has no invite for this room. Open your invite link once, then come back to this address.
          </div>
        )}
        {error && <div className="alert error" role="alert">{error}</div>}
        {token && !data && !error && (
          <div className="replay-loading" role="status">
            <p>{progress && progress.total > 0 ? `Loading the round: ${progress.loaded} of ${progress.total} edits…` : 'Loading the round…'}</p>
            <progress max={progress?.total || 1} value={progress?.loaded ?? 0} aria-label="Loading the replay" />
          </div>
        )}
        {data && <Player data={data} roomId={roomId} round={round} />}
      </main>
    </div>
  )
}
