import fp from 'fastify-plugin'
import { Server } from 'socket.io'
import { LIMITS } from '@nudge/shared'
import { handshakeAuth } from './auth.ts'
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
  allowedOrigins: string[]
  /** Prefix of the adapter's Redis keys and channels (scaled mode). */
  redisPrefix?: string
  /** Bytes queued for one connection before it is disconnected as a slow consumer. */
  sendQueueBytes: number
  /** STUN/TURN for the in-room call; none by default (calls on the same network only). */
  turn?: TurnConfig
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
      // Scaled mode: room events reach sockets on every node (see adapter.ts).
      ...(app.redis ? await redisAdapterOptions(app.redis, opts.redisPrefix ?? 'nudge:') : {}),
      allowRequest: (req, cb) => {
        const origin = req.headers.origin
        if (!origin) return cb(null, true)
        try {
          const ok = new URL(origin).host === req.headers.host || opts.allowedOrigins.includes(origin)
          cb(ok ? null : 'Origin not allowed', ok)
        } catch {
          cb('Origin not allowed', false)
        }
      },
    })
    app.decorate('io', io)
    // Socket.IO's memory advice: each connection would otherwise keep its upgrade request (headers,
    // parser state) for its whole life. Nothing needs it once accepted: allowRequest has checked
    // the Origin, and credentials come in the CONNECT packet (handshake.auth).
    io.engine.on('connection', (raw: { request: unknown }) => {
      raw.request = null
    })
    io.use(handshakeAuth(app.rooms))

    const room = presence(io, app.rooms)
    const interview = interviewRealtime(io, app)
    app.decorate('roomClock', interview.clock)
    const chatCall = chatCallRealtime({ io, store: app.store, turn: opts.turn ?? { urls: [], ttlSeconds: 3600 } })
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
      registerCommands(socket, handlers, app.log)
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
  { name: 'realtime', dependencies: ['rooms', 'collab', 'redis', 'interview'] },
)
