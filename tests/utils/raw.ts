import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { onTestFinished } from 'vitest'

/** A bare WebSocket to the Yjs endpoint, for sending hand-made (or broken) frames. */
export function rawYjs(wsUrl: string, roomId: string, query: string) {
  const ws = new WebSocket(`${wsUrl}/yjs/${roomId}?${query}`)
  const received: Uint8Array[] = []
  ws.on('message', (d: Buffer) => received.push(new Uint8Array(d)))
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })))
    ws.once('error', reject)
  })
  onTestFinished(() => ws.terminate())
  return { ws, received, opened, closed, types: () => received.map((m) => decoding.readVarUint(decoding.createDecoder(m))) }
}

/** Resolves with the HTTP status the upgrade was refused with (or 101 when it opened). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.once('open', () => {
      ws.terminate()
      resolve(101)
    })
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      ws.terminate()
    })
    ws.once('error', () => {})
  })
}

/** A y-websocket sync frame: SyncStep1 (0, a state vector), SyncStep2 (1) or Update (2). */
export function syncMessage(kind: 0 | 1 | 2, update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, kind)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

/** A y-websocket awareness frame carrying one client's state. */
export function awarenessMessage(clientId: number, clock: number, state: object): Uint8Array {
  const u = encoding.createEncoder()
  encoding.writeVarUint(u, 1)
  encoding.writeVarUint(u, clientId)
  encoding.writeVarUint(u, clock)
  encoding.writeVarString(u, JSON.stringify(state))
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint8Array(e, encoding.toUint8Array(u))
  return encoding.toUint8Array(e)
}

/** An update that inserts `text` into the `code` text of a fresh doc. */
export function insertUpdate(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('code').insert(0, text)
  const u = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return u
}
