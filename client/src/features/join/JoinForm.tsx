import { useId, useState, type FormEvent } from 'react'
import { LIMITS, type InviteCheck } from '@nudge/shared'
import { cleanName } from '../../lib/names.ts'
import { Brand } from '../common/Brand.tsx'
import { ThemeToggle } from '../common/ThemeToggle.tsx'

/** Asks for a display name; `invite` (when the link was checked) says which room and role it opens. */
export function JoinForm({ initialName, onJoin, invite = null }: { initialName: string; onJoin: (name: string) => void; invite?: InviteCheck | null }) {
  const id = useId()
  const [name, setName] = useState(initialName)
  const [error, setError] = useState<string | null>(null)

  function submit(e: FormEvent) {
    e.preventDefault()
    const clean = cleanName(name)
    if (!clean) {
      setError('Enter the name others will see.')
      return
    }
    onJoin(clean)
  }

  return (
    <div className="page">
      <header className="topbar">
        <Brand />
        <ThemeToggle />
      </header>
      <main className="center-main" id="main">
        <form className="card narrow" onSubmit={submit} aria-labelledby={`${id}-h`} noValidate>
          <h1 id={`${id}-h`}>Join the interview room</h1>
          {invite && (
            <p className="join-invite">
              <strong>{invite.title}</strong> as <strong>{invite.role}</strong>
            </p>
          )}
          <p className="muted">Your name is shown next to your cursor and in the participants list.</p>
          <div className="field">
            <label htmlFor={`${id}-name`}>Display name</label>
            <input
              id={`${id}-name`}
              type="text"
              value={name}
              maxLength={LIMITS.displayName}
              autoComplete="nickname"
              autoFocus
              required
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-err` : undefined}
              onChange={(e) => {
                setName(e.target.value)
                setError(null)
              }}
            />
            {error && (
              <p id={`${id}-err`} className="field-error" role="alert">
                {error}
              </p>
            )}
          </div>
          <button className="button primary wide" type="submit">
            Join room
          </button>
        </form>
      </main>
    </div>
  )
}
