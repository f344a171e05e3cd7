import { useEffect, useRef, useState } from 'react'
import type { Role } from '@nudge/shared'
import { CONNECTION_LABELS, type CollabStatus } from '../../collab/status.ts'

/**
 * One polite live region for status changes. It announces connection changes and notices, not
 * every Saving…/Saved flip while typing (that would talk over the user), but it does say when
 * edits are stuck offline and when they are saved again afterwards.
 */
export function Announcer({ status, role }: { status: CollabStatus; role: Role | null }) {
  const [message, setMessage] = useState('')
  const prev = useRef<CollabStatus | null>(null)

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

  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {role === 'observer' && !message ? 'Observing — read-only' : message}
    </div>
  )
}
