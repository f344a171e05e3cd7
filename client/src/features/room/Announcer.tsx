import { useEffect, useRef, useState } from 'react'
import type { Role } from '@nudge/shared'
import { CONNECTION_LABELS, type CollabStatus } from '../../collab/status.ts'

/**
 * One polite live region for status changes and interview events. It announces connection changes and notices, not
 * every Saving…/Saved flip while typing (that would talk over the user), but it does say when
 * edits are stuck offline and when they are saved again afterwards.
 */
export function Announcer({ status, role, extra = null }: { status: CollabStatus; role: Role | null; extra?: { seq: number; text: string } | null }) {
  const [message, setMessage] = useState('')
  const prev = useRef<CollabStatus | null>(null)
  const lastExtra = useRef(0)

  useEffect(() => {
    const before = prev.current
    prev.current = status
    const parts: string[] = []
    if (!before || before.connection !== status.connection) {
      if (before || status.connection !== 'connecting') parts.push(CONNECTION_LABELS[status.connection])
    }
    if (before && before.save !== status.save) {
      if (status.save === 'unsaved-offline') parts.push('Unsaved changes are kept in this browser until you reconnect')
      if (status.save === 'saved' && before.save === 'unsaved-offline') parts.push('All changes saved')
    }
    if (status.notice && status.notice !== before?.notice) parts.push(status.notice.message)
    if (status.closed && status.closed !== before?.closed) parts.push(status.closed.reason)
    if (parts.length) setMessage(parts.join('. '))
  }, [status])

  // Interview events (phase changes, warnings, hints, questions): each is said once. A repeated
  // identical text gets an invisible variation so the live region announces it again.
  useEffect(() => {
    if (!extra || extra.seq === lastExtra.current) return
    lastExtra.current = extra.seq
    setMessage((m) => (m === extra.text ? `${extra.text}\u00a0` : extra.text))
  }, [extra])

  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {role === 'observer' && !message ? 'Observing — read-only' : message}
    </div>
  )
}
