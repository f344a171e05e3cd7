import { useState } from 'react'
import type { Role } from '@nudge/shared'
import { ApiError, deleteRoom } from '../../lib/api.ts'

type State = { step: 'idle' } | { step: 'confirm' } | { step: 'deleting' } | { step: 'failed'; message: string }

/**
 * "Delete room" for the interviewer: asks once more, in the page (what goes, for whom, that it
 * cannot be undone), then calls DELETE /api/rooms/:id. On success the owner shows the result;
 * a failure is said here and nothing changed.
 */
export function DeleteRoom({ roomId, token, role, title, onDeleted, remove = deleteRoom }: {
  roomId: string
  token: string
  role: Role | null
  title: string
  onDeleted: () => void
  remove?: typeof deleteRoom
}) {
  const [state, setState] = useState<State>({ step: 'idle' })
  if (role !== 'interviewer') return null
  const confirm = async () => {
    setState({ step: 'deleting' })
    try {
      await remove(roomId, token)
      onDeleted()
    } catch (err) {
      setState({ step: 'failed', message: err instanceof ApiError ? err.message : 'The room could not be deleted.' })
    }
  }
  if (state.step === 'idle') {
    return (
      <div className="delete-room">
        <button type="button" className="button ghost small" onClick={() => setState({ step: 'confirm' })}>
          Delete room…
        </button>
      </div>
    )
  }
  return (
    <div className="delete-room" role="group" aria-labelledby="delete-room-question" data-testid="delete-room">
      <p id="delete-room-question">
        Delete <strong>{title}</strong> for everyone? The code, whiteboard, notes, scorecards, chat and history are removed, everyone
        is disconnected and every invite link stops working. This cannot be undone.
      </p>
      {state.step === 'failed' && <p role="alert" className="delete-room-error">{state.message}</p>}
      <div className="delete-room-actions">
        <button type="button" className="button small danger" disabled={state.step === 'deleting'} onClick={() => void confirm()}>
          {state.step === 'deleting' ? 'Deleting…' : 'Delete for everyone'}
        </button>
        <button type="button" className="button secondary small" disabled={state.step === 'deleting'} onClick={() => setState({ step: 'idle' })}>
          Cancel
        </button>
      </div>
    </div>
  )
}
