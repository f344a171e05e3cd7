import { useCallback, useEffect, useRef, useState } from 'react'
import type { Role, SentHint } from '@nudge/shared'
import type { CollabSession } from '../../../collab/session.ts'
import { KEYS, localStore } from '../../../lib/storage.ts'
import type { EditorHandle } from '../../editor/editorHandle.ts'
import { Markdown } from '../questions/Markdown.tsx'
import { useAnchorLines } from './useAnchorLines.ts'

/** Enough for any round's hints; older ids fall off so the stored list stays small. */
const MAX_REMEMBERED = 200

function readIds(roomId: string): Set<string> {
  try {
    const v: unknown = JSON.parse(localStore().getItem(KEYS.hintsRead(roomId)) ?? '[]')
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
  } catch {
    return new Set()
  }
}

/**
 * A hint surfaces where the candidate is looking, whatever tab is open: a card over the editor
 * that stays until "Got it" (remembered in this browser, so a reload does not bring it back).
 * The live region (Announcer) reads it out when it arrives. Only the candidate gets the card; the
 * interviewer sent it, and observers have the Hints tab's badge.
 */
export function HintToast(props: {
  roomId: string
  hints: readonly SentHint[]
  role: Role | null
  session: CollabSession | null
  editor: EditorHandle | null
  /** The Hints tab's unread count: when it drops to 0 the candidate has the tab open. */
  unreadInTab: number
  onAllRead: () => void
}) {
  const { roomId, hints, role, session, editor, unreadInTab, onAllRead } = props
  const [read, setRead] = useState(() => readIds(roomId))
  const markRead = useCallback(
    (ids: string[]) => {
      const next = readIds(roomId)
      for (const id of ids) next.add(id)
      localStore().setItem(KEYS.hintsRead(roomId), JSON.stringify([...next].slice(-MAX_REMEMBERED)))
      setRead(next)
      return next
    },
    [roomId],
  )
  // Hints read in the Hints tab need no card over the editor.
  const before = useRef(unreadInTab)
  useEffect(() => {
    if (before.current > 0 && unreadInTab === 0) markRead(hints.map((h) => h.id))
    before.current = unreadInTab
  }, [unreadInTab, hints, markRead])
  const unread = role !== 'candidate' ? [] : hints.map((h, i) => ({ h, n: i + 1 })).filter(({ h }) => !read.has(h.id))
  const lines = useAnchorLines(session, unread.map(({ h }) => h))
  const gotIt = useCallback(
    (id: string) => {
      const next = markRead([id])
      if (hints.every((h) => next.has(h.id))) onAllRead()
    },
    [markRead, hints, onAllRead],
  )
  if (unread.length === 0) return null
  return (
    <div className="hint-toasts">
      {unread.slice(-3).map(({ h, n }) => {
        const line = lines.get(h.id)
        return (
          <section key={h.id} className="hint-toast" aria-label={`Hint ${n}`} data-testid="hint-toast">
            <div className="hint-toast-body">
              <p className="hint-n">
                Hint {n}
                {line !== undefined && <span className="muted"> · line {line}</span>}
              </p>
              <Markdown source={h.text} className="md hint-text" />
            </div>
            <div className="hint-toast-actions">
              {line !== undefined && (
                <button className="button ghost small" type="button" onClick={() => editor?.revealLine(line)} disabled={!editor}>
                  Go to line {line}
                </button>
              )}
              <button className="button primary small" type="button" onClick={() => gotIt(h.id)}>
                Got it
              </button>
            </div>
          </section>
        )
      })}
    </div>
  )
}
