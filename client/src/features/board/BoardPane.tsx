import { Suspense, lazy, useEffect } from 'react'
import type { RoomClient } from '../../realtime/roomClient.ts'
import type { CollabSession } from '../../collab/session.ts'
import { useNudgeExcalidrawAssets } from './excalidrawAssets.ts'

// Excalidraw is ~1 MB compressed: fetched the first time a board is shown, never by a page that
// doesn't show one. Its fonts come from Nudge's own /assets/ (copied there by the build), so
// the board works offline and no request leaves the origin.
const Whiteboard = lazy(() => {
  useNudgeExcalidrawAssets()
  return import('./Whiteboard.tsx')
})

export interface BoardPaneProps {
  client: RoomClient
  board: CollabSession | null
  readOnly: boolean
  title: string
}

/** Opens the room's board document when shown and draws it once Excalidraw has loaded. */
export function BoardPane({ client, board, readOnly, title }: BoardPaneProps) {
  useEffect(() => {
    client.openBoard()
  }, [client, board?.epoch])
  return (
    <div className="editor-frame board-frame">
      {board ? (
        <Suspense fallback={<BoardLoading />}>
          <Whiteboard
            key={board.epoch}
            board={board}
            readOnly={readOnly}
            title={title}
            onRefused={(message) => client.status.showNotice({ code: 'TOO_LARGE', message })}
          />
        </Suspense>
      ) : (
        <BoardLoading label="Connecting to the room…" />
      )}
    </div>
  )
}

function BoardLoading({ label = 'Loading the whiteboard…' }: { label?: string }) {
  return (
    <div className="editor-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  )
}
