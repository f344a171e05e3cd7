import type { FastifyBaseLogger } from 'fastify'
import type { Socket } from 'socket.io'

/** The parts of engine.io's connection this guard reads (not in its public types). */
interface EngineConn {
  on(event: 'packetCreate', fn: (packet: { data?: unknown }) => void): void
  on(event: 'flush', fn: () => void): void
  transport: { socket?: { bufferedAmount?: number; terminate?: () => void } }
  close(discard?: boolean): void
}

const sizeOf = (data: unknown): number =>
  typeof data === 'string' ? data.length : data instanceof Uint8Array ? data.byteLength : 0

/**
 * Bounds what is queued for one Socket.IO connection: packets engine.io holds until the transport
 * is writable, plus the bytes its WebSocket has not handed to the kernel. A client that stops
 * reading (while its commands keep coming, or while others' broadcasts reach it) is disconnected
 * once that passes `maxBytes`, instead of the server holding hundreds of MB for it.
 */
export function boundSendQueue(socket: Socket, maxBytes: number, log: FastifyBaseLogger): void {
  const conn = socket.conn as unknown as EngineConn
  let unflushed = 0
  let closed = false
  conn.on('flush', () => {
    unflushed = 0
  })
  conn.on('packetCreate', (packet) => {
    if (closed) return
    unflushed += sizeOf(packet.data)
    const queued = unflushed + (conn.transport.socket?.bufferedAmount ?? 0)
    if (queued <= maxBytes) return
    closed = true
    log.warn({ roomId: socket.data.roomId, queued }, 'socket.io: slow consumer disconnected')
    // Discard what is queued: the client is not reading it, and it reconnects and resyncs.
    conn.close(true)
    conn.transport.socket?.terminate?.()
  })
}
