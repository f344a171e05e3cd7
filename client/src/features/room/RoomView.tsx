import { Suspense, lazy, useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import { canEditDocument } from '@nudge/shared'
import { useCollabStatus, useDocLanguage } from '../../collab/hooks.ts'
import { CONNECTION_LABELS } from '../../collab/status.ts'
import { localStore } from '../../lib/storage.ts'
import { useRoomClient, useRoomSnapshot } from '../../realtime/useRoomClient.ts'
import { ErrorPage } from '../common/ErrorPage.tsx'
import type { EditorHandle } from '../editor/editorHandle.ts'
import { DebriefPage } from '../interview/debrief/DebriefPage.tsx'
import { InterviewArea } from '../interview/InterviewArea.tsx'
import { BehavioralStage } from '../interview/behavioral/BehavioralStage.tsx'
import { useInterviewSnapshot } from '../interview/InterviewContext.tsx'
import { RoundsList } from '../interview/RoundsList.tsx'
import { HintToast } from '../interview/hints/HintToast.tsx'
import { useDebriefRoute } from '../interview/useDebriefRoute.ts'
import type { InterviewSnapshot } from '../../realtime/interviewClient.ts'
import { Announcer } from './Announcer.tsx'
import { EditorToolbar } from './EditorToolbar.tsx'
import { NoticeToast } from './NoticeToast.tsx'
import { PresenceToast } from './PresenceToast.tsx'
import { ParticipantsPanel } from './ParticipantsPanel.tsx'
import { RoomHeader } from './RoomHeader.tsx'
import { LoopBanner, useRoomLoop } from '../loops/LoopBanner.tsx'
import { RoomInvites } from './RoomInvites.tsx'
import { DeleteRoom } from './DeleteRoom.tsx'
import { forgetRoom, rememberRoom } from '../landing/myRooms.ts'
import { CallDock } from '../call/CallDock.tsx'
import { ChatPanel } from '../chat/ChatPanel.tsx'
import type { RoomClient } from '../../realtime/roomClient.ts'
import { BoardPane } from '../board/BoardPane.tsx'
import { SurfaceTabs, useSurface } from '../board/SurfaceTabs.tsx'

// Monaco is large: it is its own chunk, fetched while the room connects.
const CodeEditor = lazy(() => import('../editor/CodeEditor.tsx'))
// The runner (its sandbox frame, sucrase for TypeScript) only in coding rounds.
const RunPanel = lazy(() => import('../runner/RunPanel.tsx'))

export interface RoomViewProps {
  roomId: string
  token: string
  participantId: string
  name: string
  /** Open this round's debrief first (the page was loaded at `/r/<id>/debrief/<n>`). */
  initialDebrief?: number | null
  onInvalidToken: () => void
}

export function RoomView(props: RoomViewProps) {
  const { roomId, token, participantId, name, onInvalidToken, initialDebrief = null } = props
  // A new client only for a different room, link or browser identity; the name is just the
  // first handshake's (renames go through the client), so it is deliberately not a dependency.
  const opts = useMemo(
    () => ({ roomId, token, participantId, name, store: localStore(), onInvalidToken }),
    [roomId, token, participantId],
  )
  const client = useRoomClient(opts)
  if (!client) return <RoomSkeleton />
  return <ConnectedRoom client={client} roomId={roomId} token={token} initialDebrief={initialDebrief} />
}

/** Whatever changes a round's debrief: its clock, hints, questions and scorecards. */
function debriefRevision(s: InterviewSnapshot): string {
  const st = s.state
  if (!st) return ''
  return [
    st.round.n, st.rounds.length, st.clock.version, st.hints.length, st.clarifications.map((c) => `${c.answeredAt}${c.pinned}`).join(),
    st.sharedScorecard?.updatedAt, st.selfAssessment?.updatedAt, s.staff?.scorecard?.updatedAt, s.staff?.selfAssessment?.updatedAt, s.staff?.notes.length,
  ].join('|')
}

function ConnectedRoom({ client, roomId, token, initialDebrief }: { client: RoomClient; roomId: string; token: string; initialDebrief: number | null }) {
  const snap = useRoomSnapshot(client)
  const status = useCollabStatus(client.status)
  const language = useDocLanguage(snap.session)
  const interview = useInterviewSnapshot(client.interview)
  const chatSnap = useSyncExternalStore(client.chatCall.subscribe, client.chatCall.getSnapshot)
  const [editor, setEditor] = useState<EditorHandle | null>(null)
  /** The title of this room once its interviewer deleted it here: the page then says so. */
  const [deleted, setDeleted] = useState<string | null>(null)
  const debrief = useDebriefRoute(roomId, initialDebrief)
  // System-design rounds open on the board; any round can switch to it (trees, graphs).
  const [surface, setSurface] = useSurface(interview.state?.round.kind ?? null, interview.state?.round.n ?? null)
  useWarnBeforeLosingEdits(status.save !== 'saved' && !status.persistent)
  // A room that is a stage of an interview loop shows it (and a take-home has no round clock).
  const [roomLoop, setRoomLoop] = useRoomLoop(roomId, token, snap.loop, client)
  const title = snap.room?.title
  const myRole = snap.you?.role ?? null
  const roundNo = interview.state?.round.n
  const clockStatus = interview.state?.clock.status
  // "My rooms" on the landing page: what this browser last saw here.
  useEffect(() => {
    if (!title || !myRole || deleted !== null) return
    rememberRoom(localStore(), {
      id: roomId, title, role: myRole, invites: null,
      round: roundNo !== undefined && clockStatus ? { n: roundNo, status: clockStatus } : null,
    }, Date.now())
  }, [roomId, title, myRole, roundNo, clockStatus, deleted])
  useEffect(() => {
    if (!title) return
    const before = document.title
    document.title = `${title} · Nudge`
    return () => {
      document.title = before
    }
  }, [title])

  if (deleted) {
    return (
      <ErrorPage title="Room deleted">
        <p role="status">
          “{deleted}” is deleted with everything stored for it, for everyone; its invite links no longer work.
        </p>
      </ErrorPage>
    )
  }

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

  const live = status.connection === 'connected'
  // A behavioral round puts the question and answers on stage; the editor is a scratchpad inside it.
  const behavioral = interview.state?.round.kind === 'behavioral'
  const Pane = behavioral ? 'section' : 'main'
  const participants = (
    <>
    <RoomInvites roomId={roomId} role={role} />
    <DeleteRoom
      roomId={roomId}
      token={token}
      role={role}
      title={title ?? 'this room'}
      onDeleted={() => {
        forgetRoom(localStore(), roomId)
        setDeleted(title ?? 'The room')
      }}
    />
    <ParticipantsPanel
      participants={snap.participants}
      youId={snap.you?.id ?? null}
      live={live}
      offlineLabel={CONNECTION_LABELS[status.connection].toLowerCase()}
      onRename={(n) => client.rename(n)}
      embedded={interview.state !== null}
    />
    </>
  )
  const editorPane = (
    <Pane className="editor-pane" id={behavioral ? undefined : 'main'} aria-label={behavioral ? 'Scratchpad' : surface === 'board' ? 'Whiteboard' : 'Code'}>
      <SurfaceTabs surface={surface} onSurface={setSurface} codeLabel={behavioral ? 'Scratchpad' : 'Code'} />
      <div className="surface" id="surface-code" role="tabpanel" aria-labelledby="surface-tab-code" hidden={surface !== 'code'}>
      <EditorToolbar
        language={language}
        canEdit={canEdit}
        readOnly={readOnly}
        showLanguage={!behavioral}
        onLanguage={(l) => snap.session?.setLanguage(l)}
      />
      {interview.state && interview.state.round.kind !== 'coding' && (
        <p className="scratchpad-note">
          {interview.state.round.kind === 'behavioral'
            ? 'No code this round: use the editor as a shared scratchpad, e.g. to outline Situation, Task, Action and Result.'
            : 'Notes beside the board: requirements, numbers and trade-offs. The drawing goes on the Board tab.'}
        </p>
      )}
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
              hints={interview.state?.hints}
              onReady={setEditor}
              reviewComments={roomLoop?.review?.comments}
              onRefused={(message) => client.status.showNotice({ code: 'TOO_LARGE', message })}
            />
          </Suspense>
        ) : (
          <EditorLoading label="Connecting to the room…" />
        )}
      </div>
      {interview.state?.round.kind === 'coding' && (
        <Suspense fallback={null}>
          <RunPanel runs={client.runs} interview={interview} session={snap.session} language={language} />
        </Suspense>
      )}
      </div>
      {surface === 'board' && (
        <div className="surface" id="surface-board" role="tabpanel" aria-labelledby="surface-tab-board">
          <BoardPane client={client} board={snap.board} readOnly={readOnly} title={snap.room?.title ?? 'board'} />
        </div>
      )}
      <NoticeToast notice={status.notice} onDismiss={client.status.clearNotice} />
    </Pane>
  )

  return (
    <>
      <div className="room" hidden={debrief.round !== null}>
        <RoomHeader title={snap.room?.title ?? 'Interview room'} role={role} status={status} />
        <LoopBanner roomId={roomId} token={token} role={interview.state?.role ?? role} loop={roomLoop} setLoop={setRoomLoop} editor={editor} ytext={snap.session?.text ?? null} />
        {snap.you && !snap.fromCache && <CallDock chat={client.chatCall} roomId={roomId} you={{ ...snap.you, role: interview.state?.role ?? snap.you.role }} />}
        {interview.state ? (
          <InterviewArea
            solo={roomLoop?.kind === 'take-home'}
            client={client.interview}
            snap={interview}
            session={snap.session}
            editor={editor}
            language={language}
            live={live}
            you={snap.you}
            openDebrief={debrief.open}
            chatUnread={chatSnap.unread}
            chat={(visible) => snap.you && <ChatPanel chat={client.chatCall} you={snap.you} participants={snap.participants} visible={visible} />}
            room={
              <>
                {participants}
                <RoundsList rounds={interview.state.rounds} current={interview.state.round.n} onOpen={debrief.open} roomId={roomId} />
              </>
            }
          >
            {behavioral ? <BehavioralStage scratchpad={editorPane} /> : editorPane}
          </InterviewArea>
        ) : (
          <div className="room-body">
            {editorPane}
            {participants}
          </div>
        )}
      </div>
      {debrief.round !== null && (
        <DebriefPage
          client={client.interview}
          round={debrief.round}
          rounds={interview.state?.rounds ?? []}
          revision={debriefRevision(interview)}
          onRound={debrief.open}
          onClose={debrief.close}
        />
      )}
      <Announcer status={status} role={role} extra={interview.announcement} />
      <PresenceToast notice={snap.presenceNotice} />
      {interview.state && debrief.round === null && (
        <HintToast roomId={roomId} hints={interview.state.hints} role={interview.state.role} session={snap.session} editor={editor} unreadInTab={interview.unreadHints} onAllRead={() => client.interview.markHintsRead()} />
      )}
    </>
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
