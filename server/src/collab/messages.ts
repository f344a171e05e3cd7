import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { YMSG } from '@nudge/shared'

/** Builders for the y-websocket messages the server sends. */
export const msg = {
  syncStep1(doc: Y.Doc): Uint8Array {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, YMSG.sync)
    syncProtocol.writeSyncStep1(e, doc)
    return encoding.toUint8Array(e)
  },
  syncStep2(update: Uint8Array): Uint8Array {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, YMSG.sync)
    encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2)
    encoding.writeVarUint8Array(e, update)
    return encoding.toUint8Array(e)
  },
  update(update: Uint8Array): Uint8Array {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, YMSG.sync)
    syncProtocol.writeUpdate(e, update)
    return encoding.toUint8Array(e)
  },
  awareness(update: Uint8Array): Uint8Array {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, YMSG.awareness)
    encoding.writeVarUint8Array(e, update)
    return encoding.toUint8Array(e)
  },
  /** Standard y-websocket "permission denied" (auth message type 0); the stock provider logs it. */
  permissionDenied(reason: string): Uint8Array {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, YMSG.auth)
    encoding.writeVarUint(e, 0)
    encoding.writeVarString(e, reason)
    return encoding.toUint8Array(e)
  },
  durable(stateVector: Uint8Array): Uint8Array {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, YMSG.durable)
    encoding.writeVarUint8Array(e, stateVector)
    return encoding.toUint8Array(e)
  },
  notice(code: string, message: string): Uint8Array {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, YMSG.notice)
    encoding.writeVarString(e, JSON.stringify({ code, message }))
    return encoding.toUint8Array(e)
  },
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

/** True when an update would add or delete anything (an observer's empty SyncStep2 is normal). */
export function updateHasContent(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update)
  return structs.length > 0 || ds.clients.size > 0
}

export { awarenessProtocol, syncProtocol, decoding, encoding }
