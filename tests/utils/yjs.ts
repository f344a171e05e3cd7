import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import type { DocName } from '@nudge/shared'
import { createPostgresStore } from '@nudge/server/store/postgres.ts'
import type { yjsClient } from './clients.ts'

type Client = ReturnType<typeof yjsClient>

/**
 * Listens to Nudge's custom messages on a stock provider opened with `nudge=1`: the durable
 * state vector (type 100) and notices (type 101).
 */
export function nudgeMessages(client: Client) {
  let durable = new Map<number, number>()
  const notices: { code: string; message: string }[] = []
  client.provider.messageHandlers[100] = (_e, dec) => {
    durable = Y.decodeStateVector(decoding.readVarUint8Array(dec))
  }
  client.provider.messageHandlers[101] = (_e, dec) => {
    notices.push(JSON.parse(decoding.readVarString(dec)) as { code: string; message: string })
  }
  return {
    notices,
    /** The last durable state vector this connection was told. */
    durable: () => new Map(durable),
    /** True when everything in `doc` (default: this client's doc) is reported durable. */
    covers: (doc: Y.Doc = client.doc) => svCovers(durable, Y.decodeStateVector(Y.encodeStateVector(doc))),
  }
}

export function svCovers(have: Map<number, number>, want: Map<number, number>): boolean {
  for (const [c, clock] of want) if ((have.get(c) ?? 0) < clock) return false
  return true
}

/** A document rebuilt from stored updates (a snapshot first, then the log), as a replay would. */
export function docFrom(updates: Iterable<Uint8Array>): Y.Doc {
  const doc = new Y.Doc()
  for (const u of updates) Y.applyUpdate(doc, u)
  return doc
}

/** A room's document as stored in PostgreSQL (snapshot + log), read with a fresh connection. */
export async function storedDoc(databaseUrl: string, roomId: string, name: DocName = 'code'): Promise<Y.Doc> {
  const store = createPostgresStore(databaseUrl, { max: 1 })
  try {
    const loaded = await store.loadDocument(roomId, name)
    return docFrom([...(loaded.snapshot ? [loaded.snapshot.data] : []), ...loaded.updates.map((u) => u.data)])
  } finally {
    await store.close()
  }
}
