import { Suspense, lazy, useEffect, useMemo } from 'react'
import { canEditDocument } from '@nudge/shared'
import { useCollabStatus, useDocLanguage } from '../../collab/hooks.ts'
import { CONNECTION_LABELS } from '../../collab/status.ts'
import { localStore } from '../../lib/storage.ts'
import { useRoomClient, useRoomSnapshot } from '../../realtime/useRoomClient.ts'
import { ErrorPage } from '../common/ErrorPage.tsx'
import { Announcer } from './Announcer.tsx'
import { EditorToolbar } from './EditorToolbar.tsx'
import { NoticeToast } from './NoticeToast.tsx'
import { ParticipantsPanel } from './ParticipantsPanel.tsx'
import { RoomHeader } from './RoomHeader.tsx'
import type { RoomClient } from '../../realtime/roomClient.ts'

// Monaco is large: it is its own chunk, fetched while the room connects.
const CodeEditor = lazy(() => import('../editor/CodeEditor.tsx'))

export interface RoomViewProps {
  roomId: string
  token: string
  participantId: string
  name: string
  onInvalidToken: () => void
}

export function RoomView(props: RoomViewProps) {
  const { roomId, token, participantId, name, onInvalidToken } = props
  // A new client only for a different room, link or browser identity; the name is just the
  // first handshake's (renames go through the client), so it is deliberately not a dependency.
  const opts = useMemo(
    () => ({ roomId, token, participantId, name, store: localStore(), onInvalidToken }),
    [roomId, token, participantId],
  )
  const client = useRoomClient(opts)
  if (!client) return <RoomSkeleton />
  return <ConnectedRoom client={client} />
}

function ConnectedRoom({ client }: { client: RoomClient }) {
  const snap = useRoomSnapshot(client)
  const status = useCollabStatus(client.status)
  const language = useDocLanguage(snap.session)
  useWarnBeforeLosingEdits(status.save !== 'saved' && !status.persistent)
  const title = snap.room?.title
  useEffect(() => {
    if (!title) return
    const before = document.title
    document.title = `${title} · Nudge`
    return () => {
      document.title = before
    }
  }, [title])

  if (snap.fatal) {
    return (
      <ErrorPage title={snap.fatal.code === 'NOT_FOUND' ? 'Room not found' : 'Cannot open this room'}>
        <p>{snap.fatal.detail}</p>
      </ErrorPage>
    )
  }

  const role = snap.you?.role ?? null
  const canEdit = role !== null && canEditDocument(role) && status.connection !== 'closed'
  const readOnly = role === null || !canEditDocument(role)

  return (
    <div className="room">
      <RoomHeader title={snap.room?.title ?? 'Interview room'} role={role} status={status} />
      <div className="room-body">
        <main className="editor-pane" id="main" aria-label="Code">
          <EditorToolbar
            language={language}
            canEdit={canEdit}
            readOnly={readOnly}
            onLanguage={(l) => snap.session?.setLanguage(l)}
          />
          {status.closed && (
            <div className="alert error banner" role="alert">
              <strong>Disconnected.</strong> {status.closed.reason}{' '}
              <button className="button link" type="button" onClick={() => window.location.reload()}>
                Reload
              </button>
            </div>
          )}
          <div className="editor-frame">
            {snap.session ? (
              <Suspense fallback={<EditorLoading />}>
                <CodeEditor
                  key={snap.session.epoch}
                  session={snap.session}
                  readOnly={readOnly}
                  language={language}
                  onRefused={(message) => client.status.showNotice({ code: 'TOO_LARGE', message })}
                />
              </Suspense>
            ) : (
              <EditorLoading label="Connecting to the room…" />
            )}
          </div>
          <NoticeToast notice={status.notice} onDismiss={client.status.clearNotice} />
        </main>
        <ParticipantsPanel
          participants={snap.participants}
          youId={snap.you?.id ?? null}
          live={status.connection === 'connected'}
          offlineLabel={CONNECTION_LABELS[status.connection].toLowerCase()}
          onRename={(n) => client.rename(n)}
        />
      </div>
      <Announcer status={status} role={role} />
    </div>
  )
}

/** Without IndexedDB, closing the tab would drop edits the server hasn't stored yet. */
function useWarnBeforeLosingEdits(atRisk: boolean) {
  useEffect(() => {
    if (!atRisk) return
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault()
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [atRisk])
}

function EditorLoading({ label = 'Loading the editor…' }: { label?: string }) {
  return (
    <div className="editor-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  )
}

function RoomSkeleton() {
  return (
    <div className="room">
      <div className="room-header skeleton" aria-hidden="true" />
      <main className="editor-pane" id="main">
        <EditorLoading label="Opening the room…" />
      </main>
    </div>
  )
}
