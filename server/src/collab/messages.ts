import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { YMSG } from '@nudge/shared'

/** One y-websocket frame: the message type, then whatever `write` puts after it. */
function frame(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, type)
  write(e)
  return encoding.toUint8Array(e)
}

/** Builders for the y-websocket messages the server sends. */
export const msg = {
  syncStep1: (doc: Y.Doc) => frame(YMSG.sync, (e) => syncProtocol.writeSyncStep1(e, doc)),
  syncStep2: (update: Uint8Array) =>
    frame(YMSG.sync, (e) => {
      encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2)
      encoding.writeVarUint8Array(e, update)
    }),
  update: (update: Uint8Array) => frame(YMSG.sync, (e) => syncProtocol.writeUpdate(e, update)),
  awareness: (update: Uint8Array) => frame(YMSG.awareness, (e) => encoding.writeVarUint8Array(e, update)),
  /** Standard y-websocket "permission denied" (auth message type 0); the stock provider logs it. */
  permissionDenied: (reason: string) =>
    frame(YMSG.auth, (e) => {
      encoding.writeVarUint(e, 0)
      encoding.writeVarString(e, reason)
    }),
  durable: (stateVector: Uint8Array) => frame(YMSG.durable, (e) => encoding.writeVarUint8Array(e, stateVector)),
  notice: (code: string, message: string) => frame(YMSG.notice, (e) => encoding.writeVarString(e, JSON.stringify({ code, message }))),
}

export interface AwarenessEntry {
  clientId: number
  clock: number
  /** JSON text of the state; "null" means the client removed its state. */
  stateBytes: number
  removed: boolean
}

/** Reads the client ids in an awareness update without applying it, so ownership can be checked. */
export function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const d = decoding.createDecoder(update)
  const n = decoding.readVarUint(d)
  const out: AwarenessEntry[] = []
  for (let i = 0; i < n; i++) {
    const clientId = decoding.readVarUint(d)
    const clock = decoding.readVarUint(d)
    const json = decoding.readVarString(d)
    out.push({ clientId, clock, stateBytes: json.length, removed: json === 'null' })
  }
  return out
}

/** Who a connection is, from the server's records: what its cursor is labelled with. */
export interface AwarenessIdentity {
  name: string
  role: string
  participantId: string
}

/**
 * Sets `user.name`, `user.role` and `user.participantId` of every state in an awareness update
 * to the sender's identity: a client picks its cursor's colour, never whose cursor it is.
 * Throws on a state that is not JSON (the caller treats that as a malformed message).
 */
export function stampAwareness(update: Uint8Array, identity: AwarenessIdentity): Uint8Array {
  const d = decoding.createDecoder(update)
  const e = encoding.createEncoder()
  const n = decoding.readVarUint(d)
  encoding.writeVarUint(e, n)
  for (let i = 0; i < n; i++) {
    encoding.writeVarUint(e, decoding.readVarUint(d))
    encoding.writeVarUint(e, decoding.readVarUint(d))
    const state: unknown = JSON.parse(decoding.readVarString(d))
    if (state === null) {
      encoding.writeVarString(e, 'null')
      continue
    }
    const obj = typeof state === 'object' && !Array.isArray(state) ? (state as Record<string, unknown>) : {}
    const user = typeof obj.user === 'object' && obj.user !== null && !Array.isArray(obj.user) ? obj.user : {}
    encoding.writeVarString(e, JSON.stringify({ ...obj, user: { ...user, ...identity } }))
  }
  return encoding.toUint8Array(e)
}

/** True when an update would add or delete anything (an observer's empty SyncStep2 is normal). */
export function updateHasContent(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update)
  return structs.length > 0 || ds.clients.size > 0
}

export { awarenessProtocol, syncProtocol, decoding, encoding }
