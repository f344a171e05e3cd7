import { useEffect, useId, useRef } from 'react'
import type { CreateRoomResponse } from '@nudge/shared'
import { INVITE_ORDER, ROLE_INFO } from '../../lib/roles.ts'
import { inviteOriginWarning, sameOriginHref } from '../../lib/route.ts'
import { CopyButton } from './CopyButton.tsx'

export function InviteLinks({ room, title, onReset }: { room: CreateRoomResponse; title: string; onReset: () => void }) {
  const id = useId()
  const warning = inviteOriginWarning(room.invites.candidate, window.location.origin)
  // The form that had focus is gone: keyboard and screen-reader users continue from the heading.
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} ref={heading} tabIndex={-1}>Room ready: {title}</h2>
      <p className="muted">
        Each link opens the room with one role. Send each person only their own link: the secret in it decides
        what they can do.
      </p>
      {warning && (
        <p className="alert warning" role="note" data-testid="public-url-warning">
          {warning}
        </p>
      )}
      <ul className="invites">
        {INVITE_ORDER.map((role) => {
          const url = room.invites[role]
          const inputId = `${id}-${role}`
          const descId = `${id}-${role}-desc`
          return (
            <li key={role} className={`invite role-${role}`}>
              <div className="invite-head">
                <label htmlFor={inputId} className="invite-role">
                  {ROLE_INFO[role].label} link
                </label>
                {/* A new tab keeps this list of links open for the host. */}
                <a className="link-action" href={sameOriginHref(url)} target="_blank" rel="noopener noreferrer">
                  Open as {ROLE_INFO[role].label.toLowerCase()}
                  <span className="visually-hidden"> (opens in a new tab)</span>
                </a>
              </div>
              <p id={descId} className="hint">
                {ROLE_INFO[role].invite}
              </p>
              <div className="invite-row">
                <input
                  id={inputId}
                  className="mono"
                  type="text"
                  readOnly
                  value={url}
                  aria-describedby={descId}
                  onFocus={(e) => e.currentTarget.select()}
                />
                <CopyButton text={url} inputId={inputId} what={`${ROLE_INFO[role].label.toLowerCase()} link`} />
              </div>
            </li>
          )
        })}
      </ul>
      <button className="button ghost" type="button" onClick={onReset}>
        Create another room
      </button>
    </section>
  )
}
