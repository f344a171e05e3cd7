import { useId, useState, type FormEvent } from 'react'
import { LANGUAGES, LANGUAGE_LABELS, LIMITS } from '@nudge/shared/basics'
import type { CreateRoomResponse, Language } from '@nudge/shared'
import { ApiError, createRoom } from '../../lib/api.ts'

export function CreateRoomForm({ onCreated }: { onCreated: (room: CreateRoomResponse, title: string) => void }) {
  const id = useId()
  const [title, setTitle] = useState('')
  const [language, setLanguage] = useState<Language>('javascript')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    setBusy(true)
    setError(null)
    const cleanTitle = title.trim()
    try {
      const room = await createRoom({ ...(cleanTitle ? { title: cleanTitle } : {}), language })
      onCreated(room, cleanTitle || 'Untitled interview')
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Try again.')
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Create an interview room</h2>
      <div className="field">
        <label htmlFor={`${id}-name`}>Title <span className="optional">(optional)</span></label>
        <input
          id={`${id}-name`}
          type="text"
          value={title}
          maxLength={LIMITS.title}
          placeholder="e.g. Graphs — mock onsite"
          autoComplete="off"
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-lang`}>Language</label>
        <select id={`${id}-lang`} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {LANGUAGE_LABELS[l]}
            </option>
          ))}
        </select>
        <p className="hint">Anyone who can edit may change it later.</p>
      </div>
      {error && (
        <div className="alert error" role="alert">
          <strong>Could not create the room.</strong> {error}
        </div>
      )}
      <button className="button primary wide" type="submit" disabled={busy} aria-busy={busy}>
        {busy ? 'Creating…' : 'Create room'}
      </button>
    </form>
  )
}
