import * as Y from 'yjs'
import type { DocName } from '@nudge/shared'
import { docKey, type Store, type UpdateRecord } from '../store/types.ts'
import type { DocumentPersistence, LiveDocument } from './document.ts'
import { rangesOf, type StoredRanges } from './durable.ts'
import { encodeIntegrated } from './pending.ts'

interface Pending {
  room: LiveDocument
  items: { data: Uint8Array; author: string; at: number; ranges: StoredRanges | undefined }[]
}

export interface PersistenceStats {
  /** Yjs updates received for storage, and their bytes. */
  updates: number
  updateBytes: number
  /** Bytes written to storage: update rows and snapshots. */
  writtenBytes: number
  batches: number
  /** Snapshots written (compactions). */
  snapshots: number
  failures: number
  /** Consecutive failed writes; > 0 means storage is failing now. */
  failingSince: number | null
  /** Duration of the last successful batch write, ms. */
  lastWriteMs: number
  /** ms from the oldest queued update to its durable write, in the last batch. */
  lastLagMs: number
  pendingBytes: number
}

interface Options {
  batchMs: number
  /**
   * True when this node is the only writer (one node): every stored row of a live document came
   * from that doc or was loaded into it, so snapshots are encoded from the live doc alone.
   * Otherwise (several nodes) they merge what storage holds with it.
   */
  onlyWriter: boolean
  /** Cap of unstored bytes held in memory; past it `accepting()` is false and rooms refuse edits. */
  maxPendingBytes?: number
  onError(err: unknown, context: string): void
  now?: () => number
}

/**
 * Appends every document's updates (every room, every named document) to the store's update log
 * in batches cut every `batchMs` (tens of ms), all in one transaction, then tells each document
 * its edits are durable. Maps are keyed by the document's key (`<roomId>/<name>`).
 * A failed write keeps the batch in memory, in order, and retries with backoff: edits are never
 * dropped. Rooms whose log grows past their snapshot are compacted into a new snapshot.
 */
export class UpdateLog implements DocumentPersistence {
  private pending = new Map<string, Pending>()
  private timer: NodeJS.Timeout | null = null
  private writing: Promise<void> | null = null
  private retryDelay = 0
  private readonly sinceSnapshot = new Map<string, { bytes: number; count: number; snapshot: number }>()
  /** Id of the last stored update row of each loaded document (what a snapshot of the live doc covers). */
  private readonly lastStoredId = new Map<string, number>()
  /** Documents due for a snapshot, written one at a time beside the batches, never inside one. */
  private readonly compactQueue = new Map<string, LiveDocument>()
  /**
   * Each loaded room's update-log bytes: `stored` as storage last reported it (every node's
   * writes, refreshed by each of this node's batches), `unstored` queued here since. `docs`
   * holds the keys of the room's loaded documents; the entry goes when the last one is unloaded.
   */
  private readonly roomLog = new Map<string, { stored: number; unstored: number; docs: Set<string>; seats: Map<string, number> }>()
  private compacting: Promise<void> | null = null
  readonly stats: PersistenceStats = {
    updates: 0, updateBytes: 0, writtenBytes: 0, batches: 0, snapshots: 0, failures: 0, failingSince: null, lastWriteMs: 0, lastLagMs: 0, pendingBytes: 0,
  }
  private readonly now: () => number

  constructor(private readonly store: Store, private readonly opts: Options) {
    this.now = opts.now ?? Date.now
  }

  async load(roomId: string, name: DocName): Promise<Uint8Array[]> {
    const key = docKey(roomId, name)
    const [doc, usage] = await Promise.all([this.store.loadDocument(roomId, name), this.store.roomUsage(roomId)])
    const log = this.roomLog.get(roomId)
    if (log) {
      log.docs.add(key)
      log.stored = Math.max(log.stored, usage?.logBytes ?? 0)
    } else {
      this.roomLog.set(roomId, { stored: usage?.logBytes ?? 0, unstored: 0, docs: new Set([key]), seats: new Map() })
    }
    const bytes = doc.updates.reduce((n, u) => n + u.data.byteLength, 0)
    this.sinceSnapshot.set(key, { bytes, count: doc.updates.length, snapshot: doc.snapshot?.data.byteLength ?? 0 })
    this.lastStoredId.set(key, doc.updates.at(-1)?.id ?? doc.snapshot?.lastUpdateId ?? 0)
    return [...(doc.snapshot ? [doc.snapshot.data] : []), ...doc.updates.map((u) => u.data)]
  }

  enqueue(room: LiveDocument, update: Uint8Array, author: string, ranges?: StoredRanges): void {
    let p = this.pending.get(room.key)
    if (!p) this.pending.set(room.key, (p = { room, items: [] }))
    p.items.push({ data: update, author, at: this.now(), ranges })
    const log = this.roomLog.get(room.roomId)
    if (log) log.unstored += update.byteLength
    this.stats.updates++
    this.stats.updateBytes += update.byteLength
    this.stats.pendingBytes += update.byteLength
    this.schedule(this.opts.batchMs)
  }

  /**
   * Bytes of the room's update log, stored and queued: what its quota (ROOM_MAX_LOG_BYTES) is
   * checked against. With several nodes, other nodes' writes show up after this node's next
   * batch, so a room may pass its quota by what each node writes in one batch.
   */
  roomLogBytes(roomId: string): number {
    const log = this.roomLog.get(roomId)
    return log ? log.stored + log.unstored : 0
  }

  /**
   * Bytes a seat (the role of the connection) sent to the room's log through this node since the
   * room was loaded here, after adding `add`: what its share of the quota is checked against.
   */
  chargeSeat(roomId: string, seat: string, add: number): number {
    const log = this.roomLog.get(roomId)
    if (!log) return 0
    const bytes = (log.seats.get(seat) ?? 0) + add
    if (add) log.seats.set(seat, bytes)
    return bytes
  }

  accepting(): boolean {
    return this.stats.pendingBytes < (this.opts.maxPendingBytes ?? Infinity)
  }

  hasPending(key: string): boolean {
    return this.pending.has(key) || this.inflight.has(key)
  }

  private inflight = new Set<string>()

  private schedule(ms: number): void {
    if (this.timer || this.writing) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.flush()
    }, ms)
  }

  /**
   * Updates queued while a write was in flight have waited already: the next batch is cut when
   * the oldest of them has waited `batchMs`, not `batchMs` after the write returned.
   */
  private nextBatchDelay(): number {
    let oldest = Infinity
    for (const p of this.pending.values()) oldest = Math.min(oldest, p.items[0]?.at ?? Infinity)
    return Math.max(0, Math.min(this.opts.batchMs, oldest + this.opts.batchMs - this.now()))
  }

  /** Writes everything queued now; resolves when that batch is stored or has failed. */
  flush(): Promise<void> {
    // A write in flight holds only what was queued before it started; what is queued now goes
    // in the next one (a store that commits off the event loop makes that window real).
    if (this.writing) return this.writing.then(() => (this.pending.size > 0 && this.retryDelay === 0 ? this.flush() : undefined))
    if (this.pending.size === 0) return Promise.resolve()
    this.writing = this.write().finally(() => {
      this.writing = null
      if (this.pending.size > 0) this.schedule(this.retryDelay || this.nextBatchDelay())
    })
    return this.writing
  }

  private async write(): Promise<void> {
    const batch = this.pending
    this.pending = new Map()
    const records: UpdateRecord[] = []
    const durable: { room: LiveDocument; ranges: StoredRanges; bytes: number; count: number }[] = []
    let oldest = Infinity
    for (const [key, p] of batch) {
      this.inflight.add(key)
      let bytes = 0
      const ranges: StoredRanges = []
      for (const run of mergeRuns(p.items)) {
        records.push({ roomId: p.room.roomId, doc: p.room.name, data: run.data, author: run.author, createdAt: run.at })
        bytes += run.data.byteLength
        oldest = Math.min(oldest, run.at)
        ranges.push(...run.ranges)
      }
      // Durable is what was written, not the whole doc: with several nodes the doc also holds
      // other nodes' updates, which they store (and announce) themselves.
      durable.push({ room: p.room, ranges, bytes, count: p.items.length })
    }
    const started = this.now()
    let lastIds: Map<string, number>
    let logBytes: Map<string, number>
    try {
      ;({ lastIds, logBytes } = await this.store.appendUpdates(records))
    } catch (err) {
      this.stats.failures++
      this.stats.failingSince ??= started
      this.retryDelay = Math.min(5000, Math.max(100, this.retryDelay * 2))
      this.opts.onError(err, 'append updates')
      // Put the batch back in front of anything queued meanwhile, keeping order.
      for (const [key, p] of this.pending) {
        const earlier = batch.get(key)
        if (earlier) earlier.items.push(...p.items)
        else batch.set(key, p)
      }
      this.pending = batch
      for (const key of batch.keys()) this.inflight.delete(key)
      return
    }
    const done = this.now()
    this.retryDelay = 0
    this.stats.failingSince = null
    this.stats.batches++
    this.stats.lastWriteMs = done - started
    this.stats.lastLagMs = done - oldest
    for (const d of durable) {
      const key = d.room.key
      this.stats.writtenBytes += d.bytes
      const queued = batch.get(key)!.items.reduce((n, i) => n + i.data.byteLength, 0)
      this.stats.pendingBytes -= queued
      const log = this.roomLog.get(d.room.roomId)
      if (log) {
        log.unstored -= queued
        log.stored = Math.max(log.stored, logBytes.get(d.room.roomId) ?? 0)
      }
      this.inflight.delete(key)
      const s = this.sinceSnapshot.get(key) ?? { bytes: 0, count: 0, snapshot: 0 }
      s.bytes += d.bytes
      s.count += d.count
      this.sinceSnapshot.set(key, s)
      const lastId = lastIds.get(key)
      if (lastId !== undefined) this.lastStoredId.set(key, Math.max(this.lastStoredId.get(key) ?? 0, lastId))
      d.room.markStored(d.ranges)
      // A snapshot is due when the log since the last one outweighs it, so loading stays fast
      // and write amplification stays bounded (a snapshot costs at most ~1/4 of what it covers).
      if (s.count >= 64 && s.bytes >= Math.max(16 * 1024, 4 * s.snapshot)) this.compactQueue.set(key, d.room)
    }
    this.startCompacting()
  }

  /**
   * Writes the queued snapshots one document at a time, each in its own turn of the event loop, so
   * documents that reach their threshold together never stall relaying or the next batch.
   */
  private startCompacting(): void {
    if (this.compacting || this.compactQueue.size === 0) return
    this.compacting = (async () => {
      while (this.compactQueue.size > 0) {
        await new Promise((r) => setImmediate(r))
        // drain() may have cleared the queue meanwhile (shutdown).
        const next = this.compactQueue.entries().next()
        if (next.done) break
        const [key, room] = next.value
        this.compactQueue.delete(key)
        await this.compact(room)
      }
    })().finally(() => {
      this.compacting = null
    })
  }

  private async compact(room: LiveDocument): Promise<void> {
    const s = this.sinceSnapshot.get(room.key)
    if (!s || room.doc.isDestroyed) return
    const covered = { bytes: s.bytes, count: s.count }
    try {
      let data: Uint8Array
      let lastId: number
      if (this.opts.onlyWriter) {
        // Every row up to lastStoredId was applied to this doc before it was stored: the doc
        // alone holds all of them (it may hold later edits too; replaying those is harmless).
        lastId = this.lastStoredId.get(room.key) ?? 0
        // Pending state (updates missing their dependencies) is never stored.
        data = encodeIntegrated(room.doc)
      } else {
        // Merge what storage holds with the live doc: the snapshot then contains every stored
        // update it claims to cover, even ones this node has not received (other nodes' writes).
        const stored = await this.store.loadDocument(room.roomId, room.name)
        if (room.doc.isDestroyed) return
        lastId = stored.updates.at(-1)?.id ?? stored.snapshot?.lastUpdateId ?? 0
        data = Y.mergeUpdates([
          ...(stored.snapshot ? [stored.snapshot.data] : []),
          ...stored.updates.map((u) => u.data),
          encodeIntegrated(room.doc),
        ])
      }
      // What arrives from now on counts toward the next snapshot.
      s.bytes -= covered.bytes
      s.count -= covered.count
      await this.store.writeSnapshot(room.roomId, room.name, data, lastId)
      this.stats.writtenBytes += data.byteLength
      this.stats.snapshots++
      s.snapshot = data.byteLength
    } catch (err) {
      s.bytes += covered.bytes
      s.count += covered.count
      this.opts.onError(err, 'write snapshot')
    }
  }

  /** The document was unloaded. */
  forget(key: string, roomId: string): void {
    const log = this.roomLog.get(roomId)
    if (log?.docs.delete(key) && log.docs.size === 0) this.roomLog.delete(roomId)
    this.sinceSnapshot.delete(key)
    this.lastStoredId.delete(key)
    this.compactQueue.delete(key)
  }

  /** Flushes until nothing is pending or `deadlineMs` passes (shutdown). Returns true if all stored. */
  async drain(deadlineMs: number): Promise<boolean> {
    const end = this.now() + deadlineMs
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    while ((this.pending.size > 0 || this.writing) && this.now() < end) {
      await this.flush()
      if (this.pending.size > 0 && this.retryDelay > 0) {
        await new Promise((r) => setTimeout(r, Math.min(this.retryDelay, Math.max(0, end - this.now()))))
      }
    }
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    // A snapshot being written finishes before the store closes (the log alone suffices).
    this.compactQueue.clear()
    await this.compacting
    return this.pending.size === 0
  }
}

/** Merges consecutive updates by the same author into one row: fewer rows, same history. */
function mergeRuns(items: Pending['items']): { data: Uint8Array; author: string; at: number; ranges: StoredRanges }[] {
  const runs: { parts: Pending['items']; author: string; at: number }[] = []
  for (const it of items) {
    const last = runs.at(-1)
    if (last && last.author === it.author) last.parts.push(it)
    else runs.push({ parts: [it], author: it.author, at: it.at })
  }
  return runs.map((r) => ({
    author: r.author,
    at: r.at,
    data: r.parts.length === 1 ? r.parts[0]!.data : Y.mergeUpdates(r.parts.map((p) => p.data)),
    // Ranges known when queued (from the transaction), else read from the update itself.
    ranges: r.parts.flatMap((p) => p.ranges ?? rangesOf(p.data)),
  }))
}
