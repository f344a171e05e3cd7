import { localStore, sessionStore } from '../../lib/storage.ts'
import { resolveRoomToken } from '../../lib/token.ts'

/**
 * Reads the invite secret for a room and removes it from the address bar at once (this runs in
 * the entry chunk, before the room's code is even fetched), so a copied URL never carries it.
 */
export function takeRoomToken(roomId: string): string | null {
  const { token, cleanedHash } = resolveRoomToken(roomId, window.location.hash, {
    session: sessionStore(),
    local: localStore(),
  })
  if (cleanedHash !== null) {
    const { pathname, search } = window.location
    window.history.replaceState(window.history.state, '', `${pathname}${search}${cleanedHash}`)
  }
  return token
}
