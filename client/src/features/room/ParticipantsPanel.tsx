import { useId, useState, type FormEvent } from 'react'
import { LIMITS, type Participant } from '@nudge/shared'
import { safeColor } from '../../collab/cursors.ts'
import { cleanName, initials, rememberName } from '../../lib/names.ts'
import { ROLE_INFO } from '../../lib/roles.ts'
import { localStore } from '../../lib/storage.ts'
import { sortParticipants } from '../../realtime/participants.ts'

export interface ParticipantsPanelProps {
  participants: Participant[]
  youId: string | null
  /** False while disconnected: who is online is then unknown. */
  live: boolean
  /** Shown instead of the online count while not live. */
  offlineLabel: string
  onRename: (name: string) => Promise<void>
  /** Inside the interview sidebar's Room tab rather than as its own side panel. */
  embedded?: boolean
}

export function ParticipantsPanel({ participants, youId, live, offlineLabel, onRename, embedded }: ParticipantsPanelProps) {
  const id = useId()
  const sorted = sortParticipants(participants)
  const online = participants.filter((p) => p.online).length
  const Root = embedded ? 'section' : 'aside'
  return (
    <Root className={embedded ? 'participants-panel' : 'side-panel'} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="panel-title">
        Participants <span className="count">{live ? `${online} online` : offlineLabel}</span>
      </h2>
      {sorted.length === 0 ? (
        <p className="muted small">No one has joined yet.</p>
      ) : (
        <ul className={`participants ${live ? '' : 'stale'}`}>
          {sorted.map((p) => {
            // While we are disconnected, who is online is unknown: don't claim either way.
            const presence = live ? (p.online ? 'online' : 'offline') : 'unknown'
            return (
              <li key={p.id} className={presence}>
                <span className="avatar" style={{ backgroundColor: safeColor(p.color) }} aria-hidden="true">
                  {initials(p.name)}
                </span>
                <span className="p-main">
                  <span className="p-name">
                    {p.name}
                    {p.id === youId && <span className="you"> (you)</span>}
                  </span>
                  <span className="p-meta">
                    {ROLE_INFO[p.role].label}
                    {presence !== 'unknown' && <> · {presence}</>}
                  </span>
                </span>
                <span className={`presence-dot ${presence}`} aria-hidden="true" />
              </li>
            )
          })}
        </ul>
      )}
      {youId && <RenameForm current={participants.find((p) => p.id === youId)?.name ?? ''} onRename={onRename} />}
    </Root>
  )
}

function RenameForm({ current, onRename }: { current: string; onRename: (name: string) => Promise<void> }) {
  const id = useId()
  const [value, setValue] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const editing = value !== null

  async function submit(e: FormEvent) {
    e.preventDefault()
    const clean = cleanName(value ?? '')
    if (!clean) return setError('Enter a name.')
    setBusy(true)
    try {
      await onRename(clean)
      rememberName(localStore(), clean)
      setValue(null)
      setError(null)
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not rename.')
    } finally {
      setBusy(false)
    }
  }

  if (!editing) {
    return (
      <button className="button ghost small" type="button" onClick={() => setValue(current)}>
        Change my name
      </button>
    )
  }
  return (
    <form className="rename" onSubmit={submit}>
      <label htmlFor={`${id}-n`}>Your name</label>
      <div className="rename-row">
        <input
          id={`${id}-n`}
          type="text"
          value={value}
          maxLength={LIMITS.displayName}
          autoFocus
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && setValue(null)}
        />
        <button className="button secondary small" type="submit" disabled={busy}>
          Save
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
