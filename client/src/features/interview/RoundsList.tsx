import type { RoundInfo } from '@nudge/shared'
import { KIND_LABELS } from './kinds.ts'

/** Every round of the room so far, each with its debrief and its replay. */
export function RoundsList({ rounds, current, onOpen, roomId }: { rounds: RoundInfo[]; current: number; onOpen: (n: number) => void; roomId?: string }) {
  return (
    <section className="rounds" aria-labelledby="rounds-h">
      <h2 id="rounds-h" className="panel-title">Rounds</h2>
      <ol className="rounds-list">
        {rounds.map((r) => (
          <li key={r.n}>
            <span className="round-line">
              <strong>Round {r.n}</strong> · {KIND_LABELS[r.kind]}
              {r.n === current && r.endedAt === null && <span className="tag current">now</span>}
            </span>
            <span className="small muted">{r.question?.title ?? 'No question picked'}</span>
            <button className="button link" type="button" onClick={() => onOpen(r.n)}>
              Open debrief<span className="visually-hidden"> for round {r.n}</span>
            </button>
            {roomId && (
              <a className="button link" href={`/r/${roomId}/replay/${r.n}`}>
                Replay<span className="visually-hidden"> round {r.n}</span>
              </a>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}
