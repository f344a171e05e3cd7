import { Suspense, lazy, useState, useSyncExternalStore, type FormEvent } from 'react'
import { MeetingLink, type Participant } from '@nudge/shared'
import type { ChatCallClient } from '../../realtime/chatCallClient.ts'
import { sessionStore } from '../../lib/storage.ts'
import './call.css'

// WebRTC, the tiles and the device picker: fetched only when someone joins the call.
const CallPanel = lazy(() => import('./CallPanel.tsx'))

const rejoinKey = (roomId: string) => `nudge:in-call:${roomId}`

/**
 * The room's call corner: "Join call", or the meeting link when the room uses a call elsewhere.
 * Being in the call is remembered for the tab, so a reload re-joins without asking again.
 */
export function CallDock({ chat, roomId, you }: { chat: ChatCallClient; roomId: string; you: Participant }) {
  const { mode } = useSyncExternalStore(chat.subscribe, chat.getSnapshot)
  const [inCall, setInCall] = useState(() => sessionStore().getItem(rejoinKey(roomId)) === '1')
  const [editing, setEditing] = useState(false)
  const [link, setLink] = useState('')
  const [error, setError] = useState<string | null>(null)
  const interviewer = you.role === 'interviewer'

  const join = (on: boolean) => {
    if (on) sessionStore().setItem(rejoinKey(roomId), '1')
    else sessionStore().removeItem(rejoinKey(roomId))
    setInCall(on)
  }
  async function saveLink(e: FormEvent) {
    e.preventDefault()
    const parsed = MeetingLink.safeParse(link.trim())
    if (!parsed.success) return setError('Paste an http:// or https:// meeting link.')
    try {
      await chat.setMode({ mode: 'external', link: parsed.data })
      setEditing(false)
      setError(null)
      join(false)
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not save the link.')
    }
  }

  if (mode.mode === 'builtin' && inCall) {
    return (
      <Suspense fallback={<div className="call-dock" role="status">Joining the call…</div>}>
        <CallPanel chat={chat} self={{ id: you.id, role: you.role, name: you.name }} onLeave={() => join(false)} />
      </Suspense>
    )
  }
  return (
    <section className="call-dock compact" aria-label="Call">
      {mode.mode === 'external' ? (
        <p className="call-external">
          On a call elsewhere:{' '}
          <a href={mode.link} target="_blank" rel="noopener noreferrer" data-testid="meeting-link">
            {mode.link}
          </a>
        </p>
      ) : (
        <div className="call-bar">
          <button type="button" className="button primary small" onClick={() => join(true)}>
            Join call
          </button>
          {interviewer && !editing && (
            <button type="button" className="button ghost small" onClick={() => setEditing(true)}>
              We’re on a call elsewhere
            </button>
          )}
        </div>
      )}
      {interviewer && mode.mode === 'external' && (
        <button type="button" className="button ghost small" onClick={() => void chat.setMode({ mode: 'builtin' })}>
          Use Nudge’s call instead
        </button>
      )}
      {editing && (
        <form className="call-link-form" onSubmit={saveLink}>
          <label>
            Meeting link (shown to everyone)
            <input type="url" value={link} onChange={(e) => setLink(e.target.value)} placeholder="https://meet.example.org/…" required />
          </label>
          <button type="submit" className="button small">Share link</button>
          <button type="button" className="button ghost small" onClick={() => setEditing(false)}>Cancel</button>
        </form>
      )}
      {error && <p className="alert error" role="alert">{error}</p>}
    </section>
  )
}
