import { useEffect, useState } from 'react'
import { LOOP_STAGE_LABEL, type RoomLoop, type RoomLoopRef, type Role } from '@nudge/shared'
import type * as Y from 'yjs'
import type { EditorHandle } from '../editor/editorHandle.ts'
import { roomLoopApi } from './loopApi.ts'
import { RoomReview } from './RoomReview.tsx'
import './loops.css'

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })

/**
 * The loop a room belongs to, read with the room's invite once the join payload says the room is
 * a loop's stage (`ref`; every other room asks nothing), and read again whenever the server says the
 * room's review changed (and after reconnecting). null: none, or not known yet.
 */
export function useRoomLoop(roomId: string, token: string, ref: RoomLoopRef | null, client: { onLoopReviewChanged(listener: () => void): () => void }) {
  const [loop, setLoop] = useState<RoomLoop | null>(null)
  const loopId = ref?.loopId ?? null
  useEffect(() => {
    if (!loopId) return
    let live = true
    let latest = 0
    // The join payload said this room is a loop's stage; a failed read (a blip, or the loop
    // deleted meanwhile) keeps what is shown, and the next change notice reads it again.
    const load = () => {
      const seq = ++latest
      roomLoopApi(roomId, token).get().then((l) => {
        if (live && seq === latest) setLoop(l)
      }, () => {})
    }
    load()
    const off = client.onLoopReviewChanged(load)
    return () => {
      live = false
      off()
    }
  }, [roomId, token, loopId, client])
  return [loop, setLoop] as const
}

/**
 * In a room that is a stage of a loop: which loop and stage, the take-home's deadline and its
 * Submit button (with the room's own candidate invite), and the way back to the loop's page.
 * A room of no loop renders nothing.
 */
export function LoopBanner({ roomId, token, role, loop, setLoop, editor, ytext }: {
  roomId: string; token: string; role: Role | null; loop: RoomLoop | null; setLoop: (l: RoomLoop) => void
  /** The room's editor and shared text: review comments are made on its selection and shown at their ranges. */
  editor: EditorHandle | null; ytext: Y.Text | null
}) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)
  const [busy, setBusy] = useState(false)
  if (!loop) return null

  const submit = async () => {
    if (!window.confirm('Submit the take-home now? The code is frozen as it is now; later edits do not change the submission.')) return
    setBusy(true)
    try {
      const sub = await roomLoopApi(roomId, token).submit()
      setLoop({ ...loop, submission: { submittedAt: sub.submittedAt, late: sub.late } })
      setMessage({ text: sub.late ? 'Submitted after the deadline: it is marked late.' : 'Submitted. Your reviewer can read it now.', error: false })
    } catch (err) {
      setMessage({ text: (err as Error).message, error: true })
    } finally {
      setBusy(false)
    }
  }

  const takeHome = loop.kind === 'take-home'
  return (
    <div className="loop-banner" role="region" aria-label="Interview loop" data-testid="loop-banner">
      <span>
        <strong>{loop.title}</strong> · stage {loop.stage} of {loop.stages}: {LOOP_STAGE_LABEL[loop.kind]}
        {takeHome && loop.deadlineAt !== null && !loop.submission && <> · due {when(loop.deadlineAt)}{Date.now() > loop.deadlineAt && <strong className="late"> (past the deadline)</strong>}</>}
        {loop.submission && <> · submitted {when(loop.submission.submittedAt)}{loop.submission.late && <strong className="late"> · late</strong>}</>}
      </span>
      {takeHome && role === 'candidate' && !loop.submission && !loop.closed && (
        <button type="button" className="button small primary" onClick={() => void submit()} disabled={busy} aria-busy={busy}>
          Submit the take-home
        </button>
      )}
      {/* The loop page reads its key from this browser's storage (set when the loop link was opened). */}
      <a className="link-action" href={`/l/${loop.loopId}`}>Back to the loop</a>
      {message && <span className={message.error ? 'error-text' : 'success-text'} role={message.error ? 'alert' : 'status'}>{message.text}</span>}
      {loop.review && (
        <RoomReview
          roomId={roomId} token={token} review={loop.review} reviewer={role === 'interviewer'} editor={editor} ytext={ytext}
          onChange={(review) => setLoop({ ...loop, review })}
        />
      )}
    </div>
  )
}
