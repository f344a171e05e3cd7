import fp from 'fastify-plugin'
import { Server } from 'socket.io'
import { CHAT_CALL_LIMITS, LIMITS } from '@nudge/shared'
import { redisSeatLimiter } from '../limits/seat-limiter.ts'
import { handshakeAuth } from './auth.ts'
import { SeatConnections } from './seat-connections.ts'
import { seatBuckets } from '../call/seat-buckets.ts'
import { boundSendQueue } from './backpressure.ts'
import { collabHandlers } from './collab.handlers.ts'
import { registerCommands } from './command.ts'
import { redisAdapterOptions } from './adapter.ts'
import { presence } from './presence.handlers.ts'
import { interviewRealtime } from './interview.ts'
import { callRoom, chatCallRealtime } from './chat-call.handlers.ts'
import type { TurnConfig } from '../config.ts'
import type { IO } from './types.ts'
import type { ClockUpdate } from '@nudge/shared'
import type { Actor } from '../interview/interview-service.ts'
import type { ClockAction } from '../interview/round-clock.ts'

declare module 'fastify' {
  interface FastifyInstance {
    io: IO
    /** Applies a clock action to a room's current round and tells the room (cohort dashboard). */
    roomClock: (roomId: string, actor: Actor, action: ClockAction) => Promise<ClockUpdate>
  }
}

export interface RealtimeOptions {
  /** Prefix of the adapter's Redis keys and channels (scaled mode). */
  redisPrefix?: string
  /** Bytes queued for one connection before it is disconnected as a slow consumer. */
  sendQueueBytes: number
  /** STUN/TURN for the in-room call; none by default (calls on the same network only). */
  turn?: TurnConfig
  limits: RealtimeLimits
}

export interface RealtimeLimits {
  /** Socket.IO connections per seat (invite link) on one node. */
  seatConnections: number
  /** Participants a room records (each browser on each link is one). */
  roomParticipants: number
  /** Milliseconds a transport may stay open without authenticating (joining the namespace). */
  connectTimeoutMs: number
}

/**
 * Socket.IO for room events, WebSocket transport only (no sticky sessions needed behind a load
 * balancer). `destroyUpgrade: false` leaves the /yjs upgrades to the collab endpoint.
 */
export default fp<RealtimeOptions>(
  async (app, opts) => {
    const io: IO = new Server(app.server, {
      transports: ['websocket'],
      maxHttpBufferSize: LIMITS.socketPacketBytes,
      destroyUpgrade: false,
      serveClient: false,
      // A transport that never authenticates (no CONNECT, or only refused ones) is closed after
      // this, so idle unauthenticated connections cannot pile up (issue 15, finding 6).
      connectTimeout: opts.limits.connectTimeoutMs,
      // Scaled mode: room events reach sockets on every node (see adapter.ts).
      ...(app.redis ? await redisAdapterOptions(app.redis, opts.redisPrefix ?? 'nudge:') : {}),
      // The configured origins only, never the request's Host (DNS rebinding); see plugins/site.ts.
      allowRequest: (req, cb) => {
        const ok = app.site.allows(req.headers.origin)
        cb(ok ? null : 'Origin not allowed', ok)
      },
    })
    app.decorate('io', io)
    // Socket.IO's memory advice: each connection would otherwise keep its upgrade request (headers,
    // parser state) for its whole life. Nothing needs it once accepted: allowRequest has checked
    // the Origin, and credentials come in the CONNECT packet (handshake.auth).
    io.engine.on('connection', (raw: { request: unknown }) => {
      raw.request = null
    })
    const seats = new SeatConnections(opts.limits.seatConnections)
    io.use(handshakeAuth(app.rooms, { seats, participantsPerRoom: opts.limits.roomParticipants }))
    const seatCommands = seatBuckets(LIMITS.seatCommandsPerSecond, LIMITS.seatCommandBurst)

    const room = presence(io, app.rooms, (roomId) => app.loops.roomRef(roomId))
    const interview = interviewRealtime(io, app, opts.redisPrefix ?? 'nudge:')
    app.decorate('roomClock', interview.clock)
    const prefix = opts.redisPrefix ?? 'nudge:'
    const chatCall = chatCallRealtime({
      io, store: app.store, turn: opts.turn ?? { urls: [], ttlSeconds: 3600 },
      // Scaled mode: a seat's tabs on several nodes share one chat and signalling budget.
      limits: app.redis
        ? {
            chat: redisSeatLimiter(app.redis, prefix, 'chat', CHAT_CALL_LIMITS.chatPerSecond, CHAT_CALL_LIMITS.chatBurst),
            signal: redisSeatLimiter(app.redis, prefix, 'signal', CHAT_CALL_LIMITS.signalPerSecond, CHAT_CALL_LIMITS.signalBurst),
          }
        : undefined,
    })
    const handlers = { ...room.handlers, ...collabHandlers(app.tickets, app.rooms), ...interview.handlers, ...chatCall.handlers }

    // Arrivals and departures still being recorded: shutdown waits for them before the store
    // closes (a socket that connected just before Ctrl+C is still being written in).
    const inFlight = new Set<Promise<void>>()
    const track = (p: Promise<void>) => {
      inFlight.add(p)
      void p.finally(() => inFlight.delete(p))
    }
    io.on('connection', (socket) => {
      boundSendQueue(socket, opts.sendQueueBytes, app.log)
      registerCommands(socket, handlers, app.log, Date.now, seatCommands)
      track(interview.arrive(socket).catch((err: unknown) => {
        app.log.error({ err }, 'interview: arrive failed')
      }))
      track(chatCall.arrive(socket).catch((err: unknown) => app.log.warn({ err }, 'chat: arrive failed')))
      // 'disconnecting': the socket is still in its rooms, so we know whether it was in the call.
      socket.on('disconnecting', () => chatCall.depart(socket, socket.rooms.has(callRoom(socket.data.roomId))))
      track(room.arrive(socket).catch((err: unknown) => {
        app.log.error({ err }, 'presence: arrive failed')
        socket.disconnect(true)
      }))
      socket.on('disconnect', () => {
        track(room.depart(socket).catch((err: unknown) => app.log.warn({ err }, 'presence: depart failed')))
        track(interview.depart(socket).catch((err: unknown) => app.log.warn({ err }, 'interview: pause on drop failed')))
      })
    })

    app.addHook('preClose', async () => {
      interview.close()
      // Not io.close(): it would close the HTTP server that Fastify closes itself.
      const sockets = io.of('/').sockets.size
      io.disconnectSockets(true)
      io.engine.close()
      // Until none is left: a departure can begin while an arrival finishes.
      while (inFlight.size > 0) await Promise.allSettled([...inFlight])
      await io.of('/').adapter.close()
      app.log.info(`shutdown: ${sockets} connection${sockets === 1 ? '' : 's'} closed, departures recorded`)
    })
  },
  { name: 'realtime', dependencies: ['site', 'rooms', 'collab', 'redis', 'interview', 'loops'] },
)
