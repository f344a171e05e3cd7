import { useEffect, useMemo, useState } from 'react'
import type { ErrorBody, InviteCheck } from '@nudge/shared'
import { ApiError, checkInvite } from '../../lib/api.ts'
import { fatalMessage } from '../../realtime/socket.ts'
import { getParticipantId } from '../../lib/ids.ts'
import { rememberName, savedName } from '../../lib/names.ts'
import { KEYS, localStore, sessionStore } from '../../lib/storage.ts'
import { forgetRoomToken } from '../../lib/token.ts'
import { ErrorPage } from '../common/ErrorPage.tsx'
import { RoomView } from '../room/RoomView.tsx'
import { JoinForm } from './JoinForm.tsx'

/** `token` was taken from the address bar by the entry chunk (see roomToken.ts). */
export default function RoomGate({ roomId, token, debrief = null }: { roomId: string; token: string | null; debrief?: number | null }) {
  const participantId = useMemo(() => getParticipantId(localStore()), [])
  // Within one tab a reload rejoins directly; a new tab asks (prefilled) for the name again.
  const [name, setName] = useState<string | null>(() =>
    sessionStore().getItem(KEYS.joined(roomId)) ? savedName(localStore()) || null : null,
  )

  // The link is checked before anything is asked: a bad or revoked invite says so at once.
  const [invite, setInvite] = useState<InviteCheck | ApiError | null | 'checking'>(token ? 'checking' : null)
  useEffect(() => {
    if (!token) return
    let stale = false
    void checkInvite(roomId, token).then((r) => {
      if (r instanceof ApiError && r.code === 'UNAUTHORIZED') forgetRoomToken(roomId, { session: sessionStore(), local: localStore() })
      if (!stale) setInvite(r)
    })
    return () => {
      stale = true
    }
  }, [roomId, token])

  if (!token) {
    return (
      <ErrorPage title="This link is incomplete">
        <p>
          Room links end with <code>#token=…</code>, the part that gives you access. Open the full link you were sent,
          or ask for a new one.
        </p>
      </ErrorPage>
    )
  }
  if (invite instanceof ApiError) {
    return (
      <ErrorPage title={invite.code === 'NOT_FOUND' ? 'Room not found' : 'Cannot open this room'}>
        <p>{fatalMessage({ code: invite.code as ErrorBody['code'], message: invite.message })}</p>
      </ErrorPage>
    )
  }
  if (invite === 'checking' && !name) {
    return <p className="gate-checking muted" role="status">Checking your invite link…</p>
  }
  if (!name) {
    return (
      <JoinForm
        invite={invite && typeof invite === 'object' ? invite : null}
        initialName={savedName(localStore())}
        onJoin={(n) => {
          rememberName(localStore(), n)
          sessionStore().setItem(KEYS.joined(roomId), '1')
          setName(n)
        }}
      />
    )
  }
  return (
    <RoomView
      roomId={roomId}
      token={token}
      participantId={participantId}
      name={name}
      initialDebrief={debrief}
      onInvalidToken={() => forgetRoomToken(roomId, { session: sessionStore(), local: localStore() })}
    />
  )
}
