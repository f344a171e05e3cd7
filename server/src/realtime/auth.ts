import { createHash } from 'node:crypto'
import { AppError, HandshakeAuth, MIN_CLIENT_PROTOCOL_VERSION, isHandshakeRefusal, type ErrorBody } from '@nudge/shared'
import type { RoomService } from '../rooms/room-service.ts'
import type { SeatConnections } from './seat-connections.ts'
import type { AppSocket } from './types.ts'

export interface HandshakeLimits {
  /** Connections per seat on this node. */
  seats: SeatConnections
  /** Participants (browser × invite) a room records; a new one past it is refused. */
  participantsPerRoom: number
}

/**
 * Error passed to `next()` reaches the client as `connect_error` with `data: {code, message}`,
 * the code always one of HANDSHAKE_REFUSALS (anything else is reported as INTERNAL).
 */
function connectError(err: unknown): Error & { data: ErrorBody } {
  const body: ErrorBody = err instanceof AppError && isHandshakeRefusal(err.code) ? err.toBody() : new AppError('INTERNAL').toBody()
  const e = new Error(body.message) as Error & { data: ErrorBody }
  e.data = body
  return e
}

/**
 * Authentication happens in the handshake: a socket without a valid invite secret never
 * connects. The role is the server's record from the secret, not anything the client claims.
 */
export function handshakeAuth(rooms: RoomService, limits: HandshakeLimits) {
  return async (socket: AppSocket, next: (err?: Error) => void) => {
    try {
      const parsed = HandshakeAuth.safeParse(socket.handshake.auth)
      if (!parsed.success) throw new AppError('UNAUTHORIZED', 'Missing or malformed credentials.')
      const auth = parsed.data
      if (auth.protocol < MIN_CLIENT_PROTOCOL_VERSION) throw new AppError('PROTOCOL_TOO_OLD')
      const { role, seat } = await rooms.authenticate(auth.roomId, auth.token)
      const participantId = participantKey(auth.participantId, seat)
      // Every new browser id is a new participant row: without a cap one link could add rows
      // (and grow every joiner's room:state) without end.
      const known = await rooms.participants(auth.roomId)
      if (known.length >= limits.participantsPerRoom && !known.some((p) => p.id === participantId)) {
        throw new AppError('TOO_LARGE', `This room has reached its limit of ${limits.participantsPerRoom} participants.`)
      }
      socket.data = { roomId: auth.roomId, role, participantId, name: auth.name, seat }
      // Last: nothing after it may fail, or the admitted slot would wait for the transport to close.
      if (!limits.seats.admit(socket)) throw new AppError('RATE_LIMITED', 'This invite link is open in too many tabs or windows. Close some and reload.')
      next()
    } catch (err) {
      next(connectError(err))
    }
  }
}

/**
 * A participant is one browser on one invite link. The browser's id alone would merge two roles
 * opened in the same browser (a candidate trying Nudge with both links) into one person; keyed
 * by seat, each link is its own participant, and a role swap (which keeps seats) keeps identities.
 */
export function participantKey(browserId: string, seat: string): string {
  return createHash('sha256').update(`${browserId}:${seat}`).digest('base64url').slice(0, 22)
}
