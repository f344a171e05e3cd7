import { safeColor } from '../../collab/cursors.ts'

/** What a board page publishes in awareness beside its `user`: where its pointer is, what it selected. */
export interface BoardPresence {
  pointer: { x: number; y: number; tool: 'pointer' | 'laser' } | null
  button: 'up' | 'down'
  selectedElementIds: Record<string, true>
}

export interface RemoteCollaborator {
  id: string
  username: string
  color: { background: string; stroke: string }
  pointer?: { x: number; y: number; tool: 'pointer' | 'laser' }
  button: 'up' | 'down'
  selectedElementIds: Record<string, true>
}

const MAX_SELECTED = 500

/**
 * Turns the board's awareness states into Excalidraw collaborators (pointer with a name label,
 * selection outlines) in each person's role colour. Every field was written by another client:
 * coordinates must be finite, ids strings, and an observer is never shown (they follow silently,
 * as in the code editor).
 */
export function collaboratorsFrom(states: Map<number, Record<string, unknown>>, selfClientId: number): Map<string, RemoteCollaborator> {
  const out = new Map<string, RemoteCollaborator>()
  for (const [clientId, state] of states) {
    if (clientId === selfClientId || !Number.isSafeInteger(clientId)) continue
    const user = (state.user ?? {}) as { name?: unknown; color?: unknown; role?: unknown; participantId?: unknown }
    if (user.role === 'observer' || typeof user.role !== 'string') continue
    const board = (state.board ?? {}) as Partial<Record<keyof BoardPresence, unknown>>
    const color = safeColor(user.color)
    const c: RemoteCollaborator = {
      id: typeof user.participantId === 'string' ? user.participantId : String(clientId),
      username: typeof user.name === 'string' && user.name.trim() ? user.name.trim().slice(0, 40) : 'Anonymous',
      color: { background: color, stroke: color },
      button: board.button === 'down' ? 'down' : 'up',
      selectedElementIds: {},
    }
    const p = board.pointer as { x?: unknown; y?: unknown; tool?: unknown } | null | undefined
    if (p && Number.isFinite(p.x) && Number.isFinite(p.y)) {
      c.pointer = { x: p.x as number, y: p.y as number, tool: p.tool === 'laser' ? 'laser' : 'pointer' }
    }
    const sel = board.selectedElementIds
    if (sel && typeof sel === 'object') {
      for (const id of Object.keys(sel).slice(0, MAX_SELECTED)) c.selectedElementIds[id] = true
    }
    out.set(String(clientId), c)
  }
  return out
}

/** Same selection (as sets of ids)? Avoids republishing awareness on every onChange. */
export function sameSelection(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const ka = Object.keys(a).filter((k) => a[k])
  const kb = Object.keys(b).filter((k) => b[k])
  return ka.length === kb.length && ka.every((k) => b[k])
}
