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

/** Refusals that retrying cannot fix; anything else (network, 5xx, rate limit) is retried. */
export const isFatalHandshake = (code: ErrorBody['code']): boolean =>
  code === 'UNAUTHORIZED' || code === 'NOT_FOUND' || code === 'FORBIDDEN' || code === 'PROTOCOL_TOO_OLD' || code === 'BAD_REQUEST'

export const fatalMessage = (body: ErrorBody): string =>
  body.code === 'UNAUTHORIZED'
    ? 'This invite link is not valid. Ask the person who invited you for a fresh link.'
    : body.code === 'NOT_FOUND'
      ? 'This room does not exist. It may have been deleted, or the link is incomplete.'
      : body.code === 'PROTOCOL_TOO_OLD'
        ? ERRORS.PROTOCOL_TOO_OLD.message
        : body.message
