import { useState } from 'react'
import type { Role } from '@nudge/shared'
import { INVITE_ORDER, ROLE_INFO } from '../../lib/roles.ts'
import { localStore } from '../../lib/storage.ts'
import { CopyButton } from '../landing/CopyButton.tsx'
import { listMyRooms } from '../landing/myRooms.ts'

/**
 * The invite links, for the room's interviewer, when this browser created the room (the server
 * keeps only hashes of the secrets, so no other browser can show them).
 */
export function RoomInvites({ roomId, role }: { roomId: string; role: Role | null }) {
  const [invites] = useState(() => listMyRooms(localStore()).find((r) => r.id === roomId)?.invites ?? null)
  if (role !== 'interviewer' || !invites) return null
  return (
    <details className="room-invites" data-testid="room-invites">
      <summary>Invite links</summary>
      <ul>
        {INVITE_ORDER.map((r) => (
          <li key={r}>
            <label htmlFor={`room-invite-${r}`}>{ROLE_INFO[r].label}</label>
            <input id={`room-invite-${r}`} className="mono" readOnly value={invites[r]} onFocus={(e) => e.currentTarget.select()} />
            <CopyButton text={invites[r]} inputId={`room-invite-${r}`} what={`${ROLE_INFO[r].label.toLowerCase()} link`} />
          </li>
        ))}
      </ul>
    </details>
  )
}
