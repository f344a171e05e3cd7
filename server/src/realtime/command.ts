import type { FastifyBaseLogger } from 'fastify'
import { z } from 'zod'
import { AppError, LIMITS, clientCommands, type Ack, type ClientCommandName, type CommandResult, type SocketData } from '@nudge/shared'
import type { AppSocket } from './types.ts'

export interface CommandContext {
  socket: AppSocket
  /** The server's own record of who sent this; never taken from the payload. */
  who: SocketData
  log: FastifyBaseLogger
}

export type CommandHandler<K extends ClientCommandName> = (
  ctx: CommandContext,
  payload: z.output<(typeof clientCommands)[K]['payload']>,
) => Promise<CommandResult<K>> | CommandResult<K>

export type CommandHandlers = { [K in ClientCommandName]?: CommandHandler<K> }

/**
 * The one place that validates a command, runs it and acknowledges it. A payload that fails its
 * schema, a missing ack callback, or a thrown error never reaches or crashes the process:
 * AppErrors are sent as-is, anything else as INTERNAL with the detail only in the log.
 */
export function registerCommands(
  socket: AppSocket,
  handlers: CommandHandlers,
  log: FastifyBaseLogger,
  now: () => number = Date.now,
  /** The budget shared by every connection of the sender's seat (seatBuckets); none in unit tests. */
  seat?: { take(roomId: string, seat: string): boolean },
) {
  const bucket = tokenBucket(LIMITS.commandsPerSecond, LIMITS.commandBurst, now)
  let warned = false
  // One listener per connection for every command (not one closure per command per connection:
  // a room holds several connections, and each listener was memory a full GC had to mark).
  socket.onAny((event: string, payload: unknown, ack: unknown) => {
    // Own keys only: an event named like an Object.prototype member is not a command.
    const handler = Object.hasOwn(handlers, event) ? handlers[event as ClientCommandName] : undefined
    if (handler) void run(event as ClientCommandName, handler as CommandHandler<ClientCommandName>, payload, ack)
  })

  async function run(name: ClientCommandName, handler: CommandHandler<ClientCommandName>, payload: unknown, ack: unknown) {
    const reply = (res: Ack<unknown>) => {
      if (typeof ack === 'function') (ack as (r: Ack<unknown>) => void)(res)
    }
    if (typeof ack !== 'function') {
      log.debug({ event: name }, 'command without ack callback ignored')
      return
    }
    if (!bucket.take() || (seat && !seat.take(socket.data.roomId, socket.data.seat))) {
      // Answered, not run: the connection stays, and the client can slow down and retry.
      if (!warned) log.warn({ roomId: socket.data.roomId, event: name }, 'commands rate-limited on one connection')
      warned = true
      reply({ ok: false, error: new AppError('RATE_LIMITED').toBody() })
      return
    }
    const parsed = clientCommands[name].payload.safeParse(payload)
    if (!parsed.success) {
      reply({ ok: false, error: { code: 'BAD_REQUEST', message: z.prettifyError(parsed.error) } })
      return
    }
    try {
      const data = await handler({ socket, who: socket.data, log }, parsed.data as never)
      reply({ ok: true, data })
    } catch (err) {
      if (err instanceof AppError) {
        reply({ ok: false, error: err.toBody() })
      } else {
        log.error({ err, event: name, roomId: socket.data.roomId }, 'command failed')
        reply({ ok: false, error: new AppError('INTERNAL').toBody() })
      }
    }
  }
}

/** `burst` tokens, refilled continuously at `perSecond`; `take()` is false when empty. */
export function tokenBucket(perSecond: number, burst: number, now: () => number = Date.now) {
  let tokens = burst
  let at = now()
  return {
    take(): boolean {
      const t = now()
      tokens = Math.min(burst, tokens + ((t - at) / 1000) * perSecond)
      at = t
      if (tokens < 1) return false
      tokens -= 1
      return true
    },
  }
}

/** Throws FORBIDDEN unless the sender's role (from the server's record) is one of `roles`. */
export function requireRole(who: SocketData, ...roles: SocketData['role'][]) {
  if (!roles.includes(who.role)) throw new AppError('FORBIDDEN')
}
