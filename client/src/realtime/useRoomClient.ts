import { useEffect, useState, useSyncExternalStore } from 'react'
import { RoomClient, type RoomClientOptions, type RoomSnapshot } from './roomClient.ts'

/**
 * Creates the room client in an effect and destroys it in the cleanup. Under StrictMode the
 * first client is destroyed immediately (socket closed, provider and IndexedDB released)
 * before the second is made, so nothing is bound twice.
 */
export function useRoomClient(opts: RoomClientOptions | null): RoomClient | null {
  const [client, setClient] = useState<RoomClient | null>(null)
  const key = opts ? `${opts.roomId}\u0000${opts.token}\u0000${opts.participantId}` : null
  useEffect(() => {
    if (!opts) return
    const c = new RoomClient(opts)
    setClient(c)
    return () => {
      c.destroy()
      setClient((cur) => (cur === c ? null : cur))
    }
    // The name only matters for the first handshake; renames go through the client.
  }, [key])
  return client
}

const EMPTY: RoomSnapshot = { room: null, loop: null, you: null, participants: [], session: null, board: null, fatal: null, fromCache: false, presenceNotice: null }
const noop = () => () => {}

export function useRoomSnapshot(client: RoomClient | null): RoomSnapshot {
  return useSyncExternalStore(client?.subscribe ?? noop, client?.getSnapshot ?? (() => EMPTY))
}
