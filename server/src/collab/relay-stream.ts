import type { Redis } from 'ioredis'

/**
 * The Redis side of the document relay: one stream per document of a room
 * (`<prefix>doc:<roomId>/<name>`), entries
 * `n` (node id), `t` (type), `d` (data). Types:
 * - `u` a Yjs update applied on node `n` (NODE_ID/instance); other nodes apply it, only `n` stores it.
 * - `s` JSON [client, from, to][] ranges that node `n` has stored; other nodes ack them too.
 * - `v` a state vector: node `n` asks for what it is missing (after loading or an outage);
 *   nodes holding more answer with a `u` entry.
 */
export type EntryType = 'u' | 's' | 'v'
export interface Entry {
  id: string
  node: string
  type: EntryType
  data: Buffer
}

type RawEntries = [Buffer, [Buffer, Buffer[]][]][]

/** A stream's expiry is pushed out at most this often (it expires a day after its last entry). */
const EXPIRE_REFRESH_MS = 60_000

export class RelayStreams {
  readonly docPrefix: string
  /** When each stream's expiry was last pushed out by this node. */
  private readonly expiryRefreshed = new Map<string, number>()
  /** A per-process stream that only exists to wake this node's blocking XREAD. */
  readonly wakeKey: string

  /** `nodeId` names this process (NODE_ID plus a random instance id). */
  constructor(private readonly redis: Redis, prefix: string, private readonly nodeId: string, private readonly maxLen: number) {
    this.docPrefix = `${prefix}doc:`
    this.wakeKey = `${prefix}wake:${nodeId}`
  }

  /** `doc` is the document's key, `<roomId>/<name>`. */
  key(doc: string): string {
    return this.docPrefix + doc
  }

  get connected(): boolean {
    return this.redis.status === 'ready'
  }

  /**
   * Appends an entry; resolves to its id, or null when Redis is not connected (the caller then
   * relies on the resync after reconnecting, instead of piling up an offline queue).
   * Streams are capped (MAXLEN ~) and expire a day after their room's last entry.
   */
  async add(doc: string, type: EntryType, data: Uint8Array | string): Promise<string | null> {
    if (!this.connected) return null
    const key = this.key(doc)
    const payload = typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    // Pushing the expiry out with every entry made each a MULTI of four commands; once a minute
    // per stream is as good for a day-long expiry, and the rest are a single XADD.
    const now = Date.now()
    if (now - (this.expiryRefreshed.get(key) ?? -Infinity) < EXPIRE_REFRESH_MS) {
      return (await this.redis.xadd(key, 'MAXLEN', '~', String(this.maxLen), '*', 'n', this.nodeId, 't', type, 'd', payload)) as string
    }
    const res = await this.redis
      .multi()
      .xadd(key, 'MAXLEN', '~', String(this.maxLen), '*', 'n', this.nodeId, 't', type, 'd', payload)
      .pexpire(key, 24 * 3600_000)
      .exec()
    const [err, id] = res?.[0] ?? [new Error('no reply')]
    if (err) throw err
    // Bounded: a node that published to very many streams forgets them all (each refreshes again).
    if (this.expiryRefreshed.size >= 10_000) this.expiryRefreshed.clear()
    this.expiryRefreshed.set(key, now)
    return id as string
  }

  async wake(): Promise<void> {
    if (!this.connected) return
    await this.redis.multi().xadd(this.wakeKey, 'MAXLEN', '~', '16', '*', 'w', '1').pexpire(this.wakeKey, 3600_000).exec()
  }

  /** Blocking read of several streams from the given ids, on a dedicated connection. */
  static async read(reader: Redis, keys: string[], ids: string[], blockMs: number): Promise<Map<string, Entry[]>> {
    const raw = (await reader.callBuffer('XREAD', 'COUNT', '500', 'BLOCK', String(blockMs), 'STREAMS', ...keys, ...ids)) as RawEntries | null
    const out = new Map<string, Entry[]>()
    for (const [key, items] of raw ?? []) {
      out.set(key.toString(), items.map(([id, fields]) => toEntry(id.toString(), fields)))
    }
    return out
  }
}

function toEntry(id: string, fields: Buffer[]): Entry {
  const e: Entry = { id, node: '', type: 'u', data: Buffer.alloc(0) }
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const f = fields[i]!.toString()
    if (f === 'n') e.node = fields[i + 1]!.toString()
    else if (f === 't') e.type = fields[i + 1]!.toString() as EntryType
    else if (f === 'd') e.data = fields[i + 1]!
  }
  return e
}

/** Stream ids are `<ms>-<seq>`; compares them numerically. */
export function idAfter(a: string, b: string): boolean {
  const [am = 0, as = 0] = a.split('-').map(Number)
  const [bm = 0, bs = 0] = b.split('-').map(Number)
  return am > bm || (am === bm && as > bs)
}
