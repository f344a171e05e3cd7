import WebSocket from 'ws'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import type { ClientEvents, DocClient } from './types.ts'

const SYNC = 0
const AWARENESS = 1
const AUTH = 2
const DURABLE = 100
const NOTICE = 101
const STEP1 = 0
const STEP2 = 1
const UPDATE = 2
/** encodeStateAsUpdate of an empty document: no structs, empty delete set. */
const EMPTY_UPDATE = new Uint8Array([0, 0])
/** encodeStateVector of an empty document. */
const EMPTY_SV = new Uint8Array([0])

/** Server → client messages received by all raw clients of this process, by message type. */
export const received = { sync: 0, awareness: 0, durable: 0, other: 0 }

/**
 * A lean y-websocket protocol client. The server sees exactly what the stock WebsocketProvider
 * sends (SyncStep1 on open, SyncStep2 in reply to the server's SyncStep1, updates, awareness
 * with a renewal), but without the provider's per-connection timers, BroadcastChannel and
 * awareness bookkeeping, so one core of load generator can drive thousands of connections.
 * With `doc: null` it is a reader that answers the handshake and only counts what it receives.
 */
export class RawClient implements DocClient {
  onAwareness: DocClient['onAwareness'] = null
  onDurable: DocClient['onDurable'] = null
  onRemoteUpdate: DocClient['onRemoteUpdate'] = null
  private ws: WebSocket | null = null
  private awarenessClock = 0
  private awarenessJson: string | null = null
  private isSynced = false
  private waiters: (() => void)[] = []
  private closing = false
  bytesIn = 0

  constructor(
    private readonly url: string,
    readonly doc: Y.Doc | null,
    private readonly events: ClientEvents,
    /** Awareness client id; a doc-less client makes one up like Y.Doc would. */
    readonly clientId: number = doc?.clientID ?? Math.floor(Math.random() * 2 ** 31),
  ) {
    doc?.on('update', this.onLocalUpdate)
  }

  connect(): void {
    this.closing = false
    this.isSynced = false
    const ws = new WebSocket(this.url, { perMessageDeflate: false })
    this.ws = ws
    ws.binaryType = 'nodebuffer'
    ws.on('open', () => {
      ws.send(frame(SYNC, STEP1, this.doc ? Y.encodeStateVector(this.doc) : EMPTY_SV))
      if (this.awarenessJson !== null) ws.send(this.awarenessFrame())
    })
    ws.on('message', (data: Buffer) => this.onMessage(ws, data))
    ws.on('close', (code, reason) => {
      if (!this.closing && this.ws === ws) this.events.error(`closed ${code} ${reason.toString()}`)
    })
    ws.on('error', (err) => {
      if (!this.closing) this.events.error(`socket error: ${err.message}`)
    })
    ws.on('unexpected-response', (_req, res) => this.events.error(`upgrade refused: HTTP ${res.statusCode}`))
  }

  synced(): Promise<void> {
    if (this.isSynced) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  setAwareness(state: Record<string, unknown>): void {
    this.awarenessJson = JSON.stringify(state)
    this.awarenessClock++
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(this.awarenessFrame())
  }

  disconnect(): void {
    this.closing = true
    const ws = this.ws
    this.ws = null
    this.isSynced = false
    ws?.terminate()
  }

  destroy(): void {
    const ws = this.ws
    // Like the stock provider: tell the room this client's cursor is gone, then close.
    if (ws?.readyState === WebSocket.OPEN && this.awarenessJson !== null) {
      this.awarenessJson = 'null'
      this.awarenessClock++
      ws.send(this.awarenessFrame())
    }
    this.closing = true
    this.ws = null
    ws?.close()
    this.doc?.off('update', this.onLocalUpdate)
  }

  private onLocalUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this) return
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(frame(SYNC, UPDATE, update))
  }

  private onMessage(ws: WebSocket, data: Buffer): void {
    if (ws !== this.ws) return
    this.bytesIn += data.byteLength
    const d = decoding.createDecoder(data)
    const type = decoding.readVarUint(d)
    if (type === SYNC) received.sync++
    else if (type === AWARENESS) received.awareness++
    else if (type === DURABLE) received.durable++
    else received.other++
    switch (type) {
      case SYNC: {
        const sub = decoding.readVarUint(d)
        const payload = decoding.readVarUint8Array(d)
        if (sub === STEP1) {
          ws.send(frame(SYNC, STEP2, this.doc ? Y.encodeStateAsUpdate(this.doc, payload) : EMPTY_UPDATE))
          return
        }
        if (this.doc) Y.applyUpdate(this.doc, payload, this)
        this.onRemoteUpdate?.(payload)
        if (sub === STEP2 && !this.isSynced) {
          this.isSynced = true
          for (const w of this.waiters.splice(0)) w()
        }
        return
      }
      case AWARENESS: {
        if (!this.onAwareness) return
        const u = decoding.createDecoder(decoding.readVarUint8Array(d))
        const n = decoding.readVarUint(u)
        for (let i = 0; i < n; i++) {
          const clientId = decoding.readVarUint(u)
          decoding.readVarUint(u) // clock
          const json = decoding.readVarString(u)
          if (clientId !== this.clientId) this.onAwareness(clientId, () => JSON.parse(json) as unknown)
        }
        return
      }
      case AUTH:
        this.events.error(`permission denied: ${decoding.readVarUint(d) === 0 ? decoding.readVarString(d) : '?'}`)
        return
      case DURABLE: {
        if (!this.onDurable) return
        const sv = Y.decodeStateVector(decoding.readVarUint8Array(d))
        this.onDurable(sv)
        return
      }
      case NOTICE:
        this.events.error(`notice: ${decoding.readVarString(d)}`)
        return
      default:
        this.events.error(`unknown message type ${type}`)
    }
  }

  private awarenessFrame(): Uint8Array {
    const inner = encoding.createEncoder()
    encoding.writeVarUint(inner, 1)
    encoding.writeVarUint(inner, this.clientId)
    encoding.writeVarUint(inner, this.awarenessClock)
    encoding.writeVarString(inner, this.awarenessJson ?? 'null')
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, AWARENESS)
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
    return encoding.toUint8Array(e)
  }
}

function frame(type: number, sub: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, type)
  encoding.writeVarUint(e, sub)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}
