import type { Server, Socket } from 'socket.io'
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '@nudge/shared'

/**
 * Node-to-node messages (scaled mode, through the adapter): another node changed a room's clock
 * (re-arm its warnings) or swapped its roles (update the local sockets' roles).
 */
export type InterServerEvents = {
  'interview:clock': (m: { roomId: string }) => void
  'interview:swapped': (m: { roomId: string }) => void
}
export type IO = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>
