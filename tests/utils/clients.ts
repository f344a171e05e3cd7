import { randomBytes } from 'node:crypto'
import { onTestFinished } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { io, type Socket } from 'socket.io-client'
import { BOARD, PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '@nudge/shared'
import { waitFor } from './wait.ts'

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/** The stock y-websocket provider, as an API client would use it; torn down after the test. */
export function yjsClient(wsUrl: string, roomId: string, params: Record<string, string>, opts: { connect?: boolean; doc?: Y.Doc } = {}) {
  const doc = opts.doc ?? new Y.Doc()
  const provider = new WebsocketProvider(`${wsUrl}/yjs`, roomId, doc, {
    params,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: opts.connect ?? true,
    maxBackoffTime: 200,
  })
  onTestFinished(() => {
    provider.destroy()
    doc.destroy()
  })
  return { doc, provider, text: doc.getText('code'), synced: () => waitFor(() => provider.synced, 'provider synced') }
}

/**
 * A stock WebsocketProvider on a room's whiteboard (`/yjs/<roomId>/board`), with its elements
 * map (`elements`: element id → element JSON) as the client stores them.
 */
export function boardClient(wsUrl: string, roomId: string, params: Record<string, string>, opts: { connect?: boolean; doc?: Y.Doc } = {}) {
  const c = yjsClient(wsUrl, `${roomId}/board`, params, opts)
  return { ...c, elements: c.doc.getMap<Record<string, unknown>>(BOARD.elements) }
}

export const newParticipantId = () => randomBytes(12).toString('base64url')

/** A socket.io-client connected with an invite secret; disconnected after the test. */
export function roomSocket(url: string, roomId: string, token: string, name = 'Tester', participantId = newParticipantId()): ClientSocket {
  const socket: ClientSocket = io(url, {
    transports: ['websocket'],
    auth: { roomId, token, participantId, name, protocol: PROTOCOL_VERSION },
    reconnection: false,
    forceNew: true,
  })
  onTestFinished(() => {
    socket.disconnect()
  })
  return socket
}

/** Emits a command and resolves with its ack. */
export function command<K extends keyof ClientToServerEvents>(socket: ClientSocket, name: K, payload: Parameters<ClientToServerEvents[K]>[0]) {
  type Result = Parameters<Parameters<ClientToServerEvents[K]>[1]>[0]
  // emitWithAck's variadic typing cannot follow a generic event name; the map above is the contract.
  const timed = socket.timeout(5000)
  return (timed.emitWithAck as (ev: string, p: unknown) => Promise<Result>).call(timed, name, payload)
}
