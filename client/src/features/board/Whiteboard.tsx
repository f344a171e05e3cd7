import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { Excalidraw, MainMenu, WelcomeScreen } from '@excalidraw/excalidraw'
import type { ExcalidrawImperativeAPI } from '@excalidraw/excalidraw/types'
import '@excalidraw/excalidraw/index.css'
import type { CollabSession } from '../../collab/session.ts'
import { BoardBinding } from './binding.ts'
import { collaboratorsFrom, sameSelection, type BoardPresence } from './collaborators.ts'
import { exportBoard } from './exportBoard.ts'
import { preloadBoardFonts } from './fonts.ts'
import { resolvedTheme, subscribeTheme } from '../../lib/theme.ts'
import './whiteboard.css'

export interface WhiteboardProps {
  /** The room's `board` document. */
  board: CollabSession
  readOnly: boolean
  title: string
  onRefused?: (message: string) => void
}

/** Pointer positions are published at most this often (awareness is the expensive part at scale). */
const POINTER_MS = 50

/**
 * Excalidraw bound to the room's board document. This module (and Excalidraw with it, ~1 MB
 * compressed) is only imported when a board is shown. Observers get Excalidraw's view mode, and
 * the server drops their writes anyway.
 */
export default function Whiteboard({ board, readOnly, title, onRefused }: WhiteboardProps) {
  // Excalidraw follows Nudge's colour theme (light or dark, as the page).
  const theme = useSyncExternalStore(subscribeTheme, resolvedTheme)
  const [api, setApi] = useState<ExcalidrawImperativeAPI | null>(null)
  const bindingRef = useRef<BoardBinding | null>(null)
  const refusedRef = useRef(onRefused)
  useEffect(() => {
    refusedRef.current = onRefused
  })
  const presence = useRef<BoardPresence>({ pointer: null, button: 'up', selectedElementIds: {} })
  const pointerTimer = useRef<ReturnType<typeof setTimeout> | null>(null)

  useEffect(() => {
    if (!api) return
    let binding: BoardBinding | null = null
    let cancelled = false
    // The fonts first: text the other person drew is then drawn in its own font straight away.
    void preloadBoardFonts().then(() => {
      if (cancelled) return
      binding = new BoardBinding(board.doc, api, { readOnly, onRefused: (m) => refusedRef.current?.(m) })
      bindingRef.current = binding
    })
    const awareness = board.awareness
    const onAwareness = () => {
      const collaborators = collaboratorsFrom(awareness.getStates() as Map<number, Record<string, unknown>>, awareness.clientID)
      api.updateScene({ collaborators: collaborators as never })
    }
    awareness.on('change', onAwareness)
    onAwareness()
    return () => {
      cancelled = true
      awareness.off('change', onAwareness)
      if (pointerTimer.current) clearTimeout(pointerTimer.current)
      pointerTimer.current = null
      awareness.setLocalStateField('board', null)
      binding?.destroy()
      bindingRef.current = null
    }
  }, [api, board, readOnly])

  const publish = () => {
    if (readOnly) return
    pointerTimer.current ??= setTimeout(() => {
      pointerTimer.current = null
      board.awareness.setLocalStateField('board', { ...presence.current })
    }, POINTER_MS)
  }

  return (
    <div className="whiteboard" data-testid="whiteboard">
      <div className="editor-toolbar board-toolbar">
        {readOnly ? (
          <p className="readonly-note">Observing — the board is read-only</p>
        ) : (
          <p className="toolbar-hint">
            <kbd>Ctrl</kbd>+<kbd>Z</kbd> undoes only your own drawing
          </p>
        )}
        <div className="board-export">
          <button className="button ghost small" type="button" disabled={!api} onClick={() => api && void exportBoard(api, 'png', title)}>
            Export PNG
          </button>
          <button className="button ghost small" type="button" disabled={!api} onClick={() => api && void exportBoard(api, 'svg', title)}>
            Export SVG
          </button>
        </div>
      </div>
      <div className="whiteboard-canvas">
        <Excalidraw
          excalidrawAPI={setApi}
          viewModeEnabled={readOnly}
          isCollaborating
          theme={theme}
          name={title}
          aiEnabled={false}
          validateEmbeddable={false}
          UIOptions={{ canvasActions: { loadScene: false, saveToActiveFile: false, export: false, clearCanvas: !readOnly } }}
          onChange={(elements, appState, files) => {
            bindingRef.current?.onChange(elements, files, appState)
            if (!readOnly && !sameSelection(appState.selectedElementIds, presence.current.selectedElementIds)) {
              presence.current = { ...presence.current, selectedElementIds: { ...appState.selectedElementIds } as Record<string, true> }
              publish()
            }
          }}
          onPointerUpdate={({ pointer, button }) => {
            presence.current = { ...presence.current, pointer: { x: pointer.x, y: pointer.y, tool: pointer.tool }, button }
            publish()
          }}
        >
          <MainMenu>
            <MainMenu.DefaultItems.SaveAsImage />
            <MainMenu.DefaultItems.ClearCanvas />
            <MainMenu.DefaultItems.ChangeCanvasBackground />
            <MainMenu.DefaultItems.Help />
          </MainMenu>
          <WelcomeScreen>
            <WelcomeScreen.Hints.ToolbarHint />
            <WelcomeScreen.Center>
              <WelcomeScreen.Center.Heading>
                {readOnly ? 'The board is empty so far.' : 'Draw the design together: boxes, arrows, numbers.'}
              </WelcomeScreen.Center.Heading>
            </WelcomeScreen.Center>
          </WelcomeScreen>
        </Excalidraw>
      </div>
    </div>
  )
}
