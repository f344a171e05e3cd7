import { randomUUID } from 'node:crypto'
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyBaseLogger } from 'fastify'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { AppError, CLOSE, DocName, ERRORS, LIMITS, RoomId, YJS_REFUSALS, canEditDocument, isYjsRefusal, type ErrorBody, type Role, type YjsRefusal } from '@nudge/shared'
import type { LiveDocument, Session } from './document.ts'
import type { AwarenessIdentity } from './messages.ts'
import type { Tickets } from './tickets.ts'

/** Resolves an invite secret to the role it grants in the room; AppError when it grants none. */
export type Authenticate = (roomId: string, token: string) => Promise<{ role: Role }>

interface Deps {
  connect(roomId: string, name: DocName, session: Session): LiveDocument
  tickets: Tickets
  authenticate: Authenticate
  log: FastifyBaseLogger
  /**
   * Whether a browser Origin may open a document: the site's one gate (site/public-site.ts,
   * PUBLIC_URL's origin and ALLOWED_ORIGINS), never the request's own Host.
   */
  allowsOrigin(origin: string | undefined): boolean
  /** Bytes queued for one connection before it is closed as a slow consumer. */
  sendQueueBytes: number
}

const PREFIX = '/yjs/'

/**
 * The y-websocket endpoint: `ws://host/yjs/<roomId>?ticket=…` (browsers) or `?token=…` (API
 * clients, the stock WebsocketProvider) for the room's code document, and
 * `ws://host/yjs/<roomId>/<doc>` for its other named documents (`board`). Credentials are checked
 * at the upgrade, before any WebSocket exists, the same way for every document; a refusal is a
 * plain HTTP response of one of YJS_REFUSALS and the secret is never logged. A browser only sees
 * such a refusal as a close with 1006, so `check()` answers the same URL as a plain GET with what
 * the upgrade would get (the route is in plugins/collab.ts).
 */
export function attachYjsEndpoint(server: Server, deps: Deps) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.yjsFrameBytes, perMessageDeflate: false })
  let accepting = true

  /** Who the request is, or the refusal (always one of YJS_REFUSALS). */
  const admit = async (req: IncomingMessage): Promise<Auth | Refusal> => {
    try {
      if (!accepting) throw new AppError('UNAVAILABLE', 'The server is restarting.')
      return await authorize(req, deps)
    } catch (err) {
      if (err instanceof AppError && isYjsRefusal(err.code)) return { code: err.code, message: err.message }
      deps.log.error({ err }, 'yjs upgrade failed')
      return { code: 'INTERNAL', message: ERRORS.INTERNAL.message }
    }
  }

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '/').split('?')[0]!
    if (path.startsWith('/socket.io/')) return // Socket.IO's own upgrade handler answers these
    if (!path.startsWith(PREFIX)) return refuse(socket, { code: 'NOT_FOUND', message: ERRORS.NOT_FOUND.message })
    void admit(req).then((result) => {
      if ('code' in result) return refuse(socket, result)
      wss.handleUpgrade(req, socket, head, (ws) => connect(ws, result, deps))
    })
  }
  server.on('upgrade', onUpgrade)

  return {
    /** What an upgrade of this request would get: null (accepted) or the refusal and its status. */
    async check(req: IncomingMessage): Promise<{ status: number; body: ErrorBody } | null> {
      const result = await admit(req)
      if (!('code' in result)) return null
      return { status: YJS_REFUSALS[result.code], body: result }
    },
    stopAccepting() {
      accepting = false
    },
    close() {
      server.off('upgrade', onUpgrade)
      for (const ws of wss.clients) ws.terminate()
      wss.close()
    },
  }
}

/** A refused upgrade: the code (its HTTP status is YJS_REFUSALS[code]) and the message. */
interface Refusal extends ErrorBody {
  code: YjsRefusal
}

interface Auth {
  roomId: string
  doc: DocName
  role: Role
  author: string
  identity: AwarenessIdentity
  nudgeMessages: boolean
}

async function authorize(req: IncomingMessage, deps: Deps): Promise<Auth> {
  const url = new URL(req.url ?? '/', 'http://localhost')
  // Cross-site WebSocket hijacking: a browser's Origin must be one the site allows.
  if (!deps.allowsOrigin(req.headers.origin)) throw new AppError('FORBIDDEN', 'Origin not allowed.')
  const { roomId, doc } = parsePath(url.pathname)
  const nudgeMessages = url.searchParams.get('nudge') === '1'
  const ticket = url.searchParams.get('ticket')
  const token = url.searchParams.get('token')
  if (ticket) {
    const claims = deps.tickets.verify(ticket)
    if (!claims) throw new AppError('UNAUTHORIZED', 'The collaboration ticket is invalid or expired.')
    if (claims.roomId !== roomId) throw new AppError('FORBIDDEN', 'This ticket belongs to another room.')
    // Tickets issued before names were carried (at most one ticket lifetime ago) get a neutral name.
    const identity = { name: typeof claims.name === 'string' ? claims.name : 'Participant', role: claims.role, participantId: claims.participantId }
    return { roomId: claims.roomId, doc, role: claims.role, author: claims.participantId, identity, nudgeMessages }
  }
  if (!token) throw new AppError('UNAUTHORIZED', 'Missing token or ticket.')
  const { role } = await deps.authenticate(roomId, token)
  const author = `api-${role}`
  return { roomId, doc, role, author, identity: { name: 'API client', role, participantId: author }, nudgeMessages }
}

/** `/yjs/<roomId>` is the code document; `/yjs/<roomId>/<doc>` names one (`board`). */
function parsePath(pathname: string): { roomId: string; doc: DocName } {
  const [rawRoom = '', rawDoc, ...rest] = pathname.slice(PREFIX.length).split('/')
  const roomId = RoomId.safeParse(safeDecode(rawRoom))
  const doc = rawDoc === undefined ? { success: true as const, data: 'code' as const } : DocName.safeParse(safeDecode(rawDoc))
  if (!roomId.success || !doc.success || rest.length > 0) throw new AppError('NOT_FOUND', 'This room or document does not exist.')
  return { roomId: roomId.data, doc: doc.data }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return ''
  }
}

function connect(ws: WebSocket, auth: Auth, deps: Deps) {
  const session: Session = {
    id: randomUUID(),
    author: auth.author,
    identity: auth.identity,
    readOnly: !canEditDocument(auth.role),
    nudgeMessages: auth.nudgeMessages,
    send(bytes) {
      if (ws.readyState !== ws.OPEN) return
      // A client that stops reading would make the server queue every reply and broadcast
      // for it. Past the bound it is closed; it resyncs from its state vector when it returns.
      if (ws.bufferedAmount + bytes.byteLength > deps.sendQueueBytes) return closeSlowConsumer(ws)
      ws.send(bytes)
    },
    close(code, reason) {
      ws.close(code, reason)
    },
  }
  const room = deps.connect(auth.roomId, auth.doc, session)
  ws.on('message', (data: RawData) => {
    room.receive(session.id, toBytes(data))
  })
  ws.on('close', () => room.leave(session.id))
  ws.on('error', (err) => {
    // ws closes oversize frames with 1009 itself; log anything else at debug (client problems).
    deps.log.debug({ err, roomId: auth.roomId, doc: auth.doc }, 'yjs socket error')
  })
}

/**
 * The close frame queues behind what the client is not reading, so it may never arrive: the
 * socket is terminated shortly after, which frees its buffers either way.
 */
function closeSlowConsumer(ws: WebSocket) {
  ws.close(CLOSE.slowConsumer, 'Too much data queued for this connection')
  setTimeout(() => ws.terminate(), 2000).unref()
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

function refuse(socket: Duplex, body: Refusal) {
  const status = YJS_REFUSALS[body.code]
  const text = JSON.stringify(body)
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable' }[status]
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  )
}
