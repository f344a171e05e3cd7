import { useState } from 'react'
import { ROLE_INFO } from '../../lib/roles.ts'
import { sameOriginHref } from '../../lib/route.ts'
import { localStore } from '../../lib/storage.ts'
import { forgetRoom, listMyRooms, type MyRoom } from './myRooms.ts'
import { CopyButton } from './CopyButton.tsx'

const when = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** The rooms this browser created or joined (stored in this browser only), with their links. */
export function MyRooms({ rooms: initial }: { rooms?: MyRoom[] }) {
  const [rooms, setRooms] = useState(() => initial ?? listMyRooms(localStore()))
  if (rooms.length === 0) return null
  return (
    <section className="card my-rooms" aria-labelledby="my-rooms-h" data-testid="my-rooms">
      <h2 id="my-rooms-h">My rooms</h2>
      <p className="muted small">Kept in this browser only.</p>
      <ul>
        {rooms.map((r) => (
          <li key={r.id}>
            <div className="my-room-head">
              <a href={`/r/${r.id}`}>{r.title}</a>
              <span className="muted small">
                {r.role ? ROLE_INFO[r.role].label : 'Created here'} · {r.round ? `round ${r.round.n}, ${r.round.status}` : 'not started'} · {when(r.lastActivity)}
              </span>
              <button className="button link small" type="button" onClick={() => setRooms(forgetRoom(localStore(), r.id))}>
                Forget<span className="visually-hidden"> {r.title}</span>
              </button>
            </div>
            {r.invites && (
              <div className="my-room-links">
                {(Object.keys(r.invites) as (keyof typeof r.invites)[]).map((role) => (
                  <span key={role}>
                    <a href={sameOriginHref(r.invites![role])}>{ROLE_INFO[role].label}</a>{' '}
                    <CopyButton text={r.invites![role]} inputId={`my-room-${r.id}-${role}`} what={`${ROLE_INFO[role].label.toLowerCase()} link for ${r.title}`} />
                  </span>
                ))}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
