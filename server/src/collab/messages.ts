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

/** One entry of an awareness update, read once: its state is parsed (null: the client removed it). */
export interface AwarenessEntry {
  clientId: number
  clock: number
  state: unknown
  /** The state's JSON text as it came. */
  json: string
}

/**
 * Reads an awareness update once: ids, clocks and parsed states, so ownership and sizes can be
 * checked and the states stamped and applied without decoding it again. Returns null when a
 * state's JSON is longer than `maxStateChars` (checked before parsing it); throws on bytes or
 * JSON it cannot read (the caller treats that as a malformed message).
 */
export function readAwareness(update: Uint8Array, maxStateChars: number): AwarenessEntry[] | null {
  const d = decoding.createDecoder(update)
  const n = decoding.readVarUint(d)
  const out: AwarenessEntry[] = []
  for (let i = 0; i < n; i++) {
    const clientId = decoding.readVarUint(d)
    const clock = decoding.readVarUint(d)
    const json = decoding.readVarString(d)
    if (json.length > maxStateChars) return null
    out.push({ clientId, clock, state: JSON.parse(json), json })
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
 * Sets `user.name`, `user.role` and `user.participantId` of every state (in place) to the
 * sender's identity — a client picks its cursor's colour, never whose cursor it is — and
 * encodes the update as it is forwarded. `same` is true when that encoding is the one that came
 * (a client that already carries its stamped identity), so the frame can be forwarded as it came.
 */
export function stampAwareness(entries: AwarenessEntry[], identity: AwarenessIdentity): { update: Uint8Array; same: boolean } {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, entries.length)
  let same = true
  for (const entry of entries) {
    encoding.writeVarUint(e, entry.clientId)
    encoding.writeVarUint(e, entry.clock)
    if (entry.state === null) {
      encoding.writeVarString(e, 'null')
      same &&= entry.json === 'null'
      continue
    }
    const state = entry.state
    const obj = typeof state === 'object' && !Array.isArray(state) ? (state as Record<string, unknown>) : {}
    const user = typeof obj.user === 'object' && obj.user !== null && !Array.isArray(obj.user) ? obj.user : {}
    // Assigning an existing key keeps its place, so a state already stamped encodes as it came.
    obj.user = { ...user, ...identity }
    entry.state = obj
    const json = JSON.stringify(obj)
    same &&= json === entry.json
    encoding.writeVarString(e, json)
  }
  return { update: encoding.toUint8Array(e), same }
}

/**
 * y-protocols' `applyAwarenessUpdate` for entries already read (and stamped): the same clock
 * rules and the same 'update' event, without decoding and parsing the update a second time.
 * It emits no 'change' event (which costs a deep comparison of each state): nothing on the
 * server listens for one. The server holds no local state, so a removal always removes.
 */
export function applyAwarenessEntries(awareness: awarenessProtocol.Awareness, entries: AwarenessEntry[], origin: unknown): void {
  const now = Date.now()
  const added: number[] = []
  const updated: number[] = []
  const removed: number[] = []
  for (const { clientId, clock, state } of entries) {
    const meta = awareness.meta.get(clientId)
    const current = meta === undefined ? 0 : meta.clock
    if (!(current < clock || (current === clock && state === null && awareness.states.has(clientId)))) continue
    if (state === null) awareness.states.delete(clientId)
    else awareness.states.set(clientId, state as Record<string, unknown>)
    awareness.meta.set(clientId, { clock, lastUpdated: now })
    if (meta === undefined && state !== null) added.push(clientId)
    else if (meta !== undefined && state === null) removed.push(clientId)
    else if (state !== null) updated.push(clientId)
  }
  if (added.length > 0 || updated.length > 0 || removed.length > 0) awareness.emit('update', [{ added, updated, removed }, origin])
}

/** True when an update would add or delete anything (an observer's empty SyncStep2 is normal). */
export function updateHasContent(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update)
  return structs.length > 0 || ds.clients.size > 0
}

export { awarenessProtocol, syncProtocol, decoding, encoding }
