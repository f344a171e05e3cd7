import { io, type Socket } from 'socket.io-client'
import {
  ERRORS,
  ErrorBody,
  type Ack,
  type ClientCommandName,
  type ClientToServerEvents,
  type CommandPayload,
  type CommandResult,
  type HandshakeAuth,
  type HandshakeRefusal,
  isHandshakeRefusal,
  type ServerToClientEvents,
} from '@nudge/shared'

export type NudgeSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/**
 * WebSocket transport only (no long-polling): no sticky sessions needed behind a load balancer.
 * The invite secret travels in the CONNECT packet's `auth`, never in a URL.
 */
export function createRoomSocket(auth: HandshakeAuth): NudgeSocket {
  return io({
    path: '/socket.io',
    transports: ['websocket'],
    auth: { ...auth },
    autoConnect: false,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  })
}

export class CommandError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message)
    this.name = 'CommandError'
  }
}

const COMMAND_TIMEOUT_MS = 10_000

/** Sends a command and resolves with the ack's data; the only place the ack shape is unwrapped. */
export async function command<K extends ClientCommandName>(
  socket: NudgeSocket,
  name: K,
  payload: CommandPayload<K>,
  timeoutMs = COMMAND_TIMEOUT_MS,
): Promise<CommandResult<K>> {
  let res: Ack<CommandResult<K>>
  try {
    // The event map is generic over K here, which TypeScript can't narrow; this is the one cast.
    const timed = socket.timeout(timeoutMs) as unknown as {
      emitWithAck(ev: K, p: CommandPayload<K>): Promise<Ack<CommandResult<K>>>
    }
    res = await timed.emitWithAck(name, payload)
  } catch {
    throw new CommandError({ code: 'UNAVAILABLE', message: 'The server did not answer in time.' })
  }
  if (res.ok) return res.data
  throw new CommandError(res.error)
}

/** `connect_error` from the auth middleware carries `{code, message}` in `err.data`. */
export function handshakeError(err: unknown): ErrorBody | null {
  const data = (err as { data?: unknown } | null)?.data
  const parsed = ErrorBody.safeParse(data)
  return parsed.success ? parsed.data : null
}

/**
 * What the client does and says for each handshake refusal the server sends (shared
 * HANDSHAKE_REFUSALS, and only those): `fatal` ends the room page; the others are retried.
 */
export const HANDSHAKE_HANDLING: Record<HandshakeRefusal, { fatal: boolean; message: (body: ErrorBody) => string }> = {
  UNAUTHORIZED: { fatal: true, message: () => 'This invite link is not valid. Ask the person who invited you for a fresh link.' },
  FORBIDDEN: { fatal: true, message: () => 'This invite link belongs to another room. Check the link you were sent.' },
  NOT_FOUND: { fatal: true, message: () => 'This room does not exist. It may have been deleted, or the link is incomplete.' },
  // The participants a room records only grow: waiting does not make room for another.
  TOO_LARGE: { fatal: true, message: (body) => `${body.message} Ask the host for a new room.` },
  PROTOCOL_TOO_OLD: { fatal: true, message: () => ERRORS.PROTOCOL_TOO_OLD.message },
  RATE_LIMITED: { fatal: false, message: (body) => body.message },
  INTERNAL: { fatal: false, message: () => 'The server had a problem letting you in; trying again.' },
}

/** Refusals that retrying cannot fix; anything else (network, a server error, a full seat) is retried. */
export const isFatalHandshake = (code: ErrorBody['code']): boolean => isHandshakeRefusal(code) && HANDSHAKE_HANDLING[code].fatal

/** What to tell the user about a refusal that ends the page (a handshake's, or the invite check's). */
export const fatalMessage = (body: ErrorBody): string =>
  isFatalHandshake(body.code) ? HANDSHAKE_HANDLING[body.code as HandshakeRefusal].message(body) : body.message
