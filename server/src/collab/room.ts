import * as Y from 'yjs'
import { CLOSE, YMSG } from '@nudge/shared'
import { DurableClock, type StoredRanges } from './durable.ts'
import { DEFAULT_COLLAB_LIMITS, type CollabLimits } from './limits.ts'
import { dropPending, encodeIntegrated, hasPending, pendingSize } from './pending.ts'
import { awarenessProtocol, decoding, msg, readAwarenessEntries, syncProtocol, updateHasContent } from './messages.ts'

/** One connection to a room, as the transport sees it. The room never imports a transport. */
export interface Session {
  readonly id: string
  /** Who writes: participant id, recorded with every update in the log. */
  readonly author: string
  readonly readOnly: boolean
  /** Whether the client understands Nudge's custom message types (durable, notice). */
  readonly nudgeMessages: boolean
  send(bytes: Uint8Array): void
  close(code: number, reason: string): void
}

/** Where a room's document comes from and where its updates go. */
export interface RoomPersistence {
  load(roomId: string): Promise<Uint8Array[]>
  /** Queues an update; `onDurable` is called with the room's state vector once it is stored. */
  enqueue(room: CollabRoom, update: Uint8Array, author: string): void
  /** True while this room has updates not yet stored. */
  hasPending(roomId: string): boolean
  /** False while too many unstored bytes are held in memory (storage down): edits are refused. */
  accepting?(): boolean
}

export interface RoomHooks {
  /** Called when the room's last session left and nothing is pending: the manager unloads it. */
  onIdle(room: CollabRoom): void
  /** Called for every update applied from a session (used by the multi-node relay). */
  onLocalUpdate?(room: CollabRoom, update: Uint8Array): void
  /** Called after this node stored ranges of the room's document (the relay tells other nodes). */
  onStored?(room: CollabRoom, ranges: StoredRanges): void
  /** Called for awareness changes of this node's sessions (cursors; relayed to other nodes). */
  onLocalAwareness?(room: CollabRoom, update: Uint8Array): void
  onError?(room: CollabRoom, err: unknown, context: string): void
}

interface SessionState {
  session: Session
  /** Messages received while the room loads, replayed in order once it is ready. */
  buffer: Uint8Array[] | null
  /** Awareness client ids this session controls; removed when it leaves. */
  awarenessIds: Set<number>
  toldReadOnly: boolean
  /** When this session last had an edit applied (ms): a writer gets every durable ack at once. */
  wroteAt: number
  /** When it was last sent a durable ack (ms). */
  ackedAt: number
  /** The last SyncStep1 answered: its state vector and the doc's at the time (repeats are coalesced). */
  lastStep1: { client: Uint8Array; doc: Uint8Array } | null
}

/**
 * Readers (sessions not writing right now) get durable acks at most this often. While a partner
 * types, each batch (every ~20 ms) would otherwise send every reader an ack, and those acks were
 * the most frequent message the server sent; a reader's "saved" state now trails by ≤ 1 s.
 */
export const READER_ACK_MS = 1000
/** A session that wrote within this window counts as a writer. */
const WRITER_MS = 2000

/**
 * A room's live document: the transport-free core of the y-websocket protocol. A transport calls
 * join/receive/leave; the room answers through each session's `send`.
 */
export class CollabRoom {
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  private readonly sessions = new Map<string, SessionState>()
  private state: 'loading' | 'ready' | 'failed' | 'closed' = 'loading'
  /** What is stored durably; its state vector is sent to clients so they can show "saved". */
  readonly durable = new DurableClock()
  /** Upper bound of the encoded document size, to refuse edits past the cap cheaply. */
  approxSize = 0
  readonly ready: Promise<void>

  constructor(
    readonly id: string,
    private readonly persistence: RoomPersistence,
    private readonly hooks: RoomHooks,
    private readonly limits: CollabLimits = DEFAULT_COLLAB_LIMITS,
  ) {
    // The server holds no awareness state of its own.
    this.awareness.setLocalState(null)
    this.doc.on('update', this.onDocUpdate)
    this.awareness.on('update', this.onAwarenessUpdate)
    this.ready = this.load()
  }

  get isReady(): boolean {
    return this.state === 'ready'
  }

  get sessionCount(): number {
    return this.sessions.size
  }

  private async load(): Promise<void> {
    try {
      const updates = await this.persistence.load(this.id)
      Y.transact(this.doc, () => {
        for (const u of updates) Y.applyUpdate(this.doc, u, 'load')
      }, 'load')
      // Stored data is complete: what is still pending after loading it never resolves (a
      // snapshot written before pending state was bounded may hold megabytes of it). Drop it
      // so the room stays usable.
      if (hasPending(this.doc)) {
        this.hooks.onError?.(this, new Error(`dropped ${pendingSize(this.doc).bytes} bytes of unresolvable pending state`), 'load')
        dropPending(this.doc)
      }
      this.approxSize = updates.reduce((n, u) => n + u.byteLength, 0)
      this.durable.reset(Y.decodeStateVector(Y.encodeStateVector(this.doc)))
      this.state = 'ready'
    } catch (err) {
      this.state = 'failed'
      this.hooks.onError?.(this, err, 'load')
      for (const s of this.sessions.values()) s.session.close(4503, 'The room could not be loaded; retrying.')
      this.sessions.clear()
      this.hooks.onIdle(this)
      return
    }
    for (const s of this.sessions.values()) this.start(s)
  }

  join(session: Session): void {
    const s: SessionState = {
      session, buffer: [], awarenessIds: new Set(), toldReadOnly: false, wroteAt: -Infinity, ackedAt: -Infinity, lastStep1: null,
    }
    this.sessions.set(session.id, s)
    if (this.state === 'ready') this.start(s)
  }

  /** First messages to a session, only once the document is loaded (never an empty doc). */
  private start(s: SessionState): void {
    const buffered = s.buffer ?? []
    s.buffer = null
    s.session.send(msg.syncStep1(this.doc))
    const states = this.awareness.getStates()
    if (states.size > 0) {
      s.session.send(msg.awareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])))
    }
    if (s.session.nudgeMessages) s.session.send(msg.durable(this.durable.encode()))
    for (const m of buffered) this.handle(s, m)
  }

  receive(sessionId: string, data: Uint8Array): void {
    const s = this.sessions.get(sessionId)
    if (!s) return
    if (s.buffer) {
      s.buffer.push(data)
      return
    }
    this.handle(s, data)
  }

  private handle(s: SessionState, data: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(data)
      const type = decoding.readVarUint(decoder)
      switch (type) {
        case YMSG.sync:
          return this.handleSync(s, decoder)
        case YMSG.awareness: {
          const update = decoding.readVarUint8Array(decoder)
          return this.handleAwareness(s, update, decoder.pos === data.byteLength ? data : null)
        }
        case YMSG.queryAwareness: {
          const ids = [...this.awareness.getStates().keys()]
          s.session.send(msg.awareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)))
          return
        }
        case YMSG.auth:
          return // clients have nothing to say on the auth channel
        default:
          throw new Error(`unknown message type ${type}`)
      }
    } catch (err) {
      // A malformed message closes that connection only; the room and its document stay healthy.
      this.hooks.onError?.(this, err, 'malformed message')
      s.session.send(msg.notice('BAD_REQUEST', 'The server could not read a message from this client.'))
      s.session.close(4400, 'Malformed message')
      this.leave(s.session.id)
    }
  }

  private handleSync(s: SessionState, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder)
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      // Reply with SyncStep2: everything the client is missing.
      const sv = decoding.readVarUint8Array(decoder)
      // The same question about an unchanged document has the same answer, which this
      // connection was already sent: a client repeating SyncStep1 gets no second copy.
      const docSv = Y.encodeStateVector(this.doc)
      if (s.lastStep1 && bytesEqual(s.lastStep1.client, sv) && bytesEqual(s.lastStep1.doc, docSv)) return
      s.lastStep1 = { client: sv, doc: docSv }
      s.session.send(msg.syncStep2(encodeIntegrated(this.doc, sv)))
      return
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      throw new Error(`unknown sync message ${syncType}`)
    }
    const update = decoding.readVarUint8Array(decoder)
    if (s.session.readOnly) {
      // Observers' writes are dropped here, in the protocol layer; an empty SyncStep2 is normal.
      if (updateHasContent(update) && !s.toldReadOnly) {
        s.toldReadOnly = true
        s.session.send(msg.permissionDenied('Observers cannot edit this document.'))
        if (s.session.nudgeMessages) s.session.send(msg.notice('FORBIDDEN', 'You are observing: the editor is read-only.'))
      }
      return
    }
    if (this.persistence.accepting?.() === false && updateHasContent(update)) {
      // Storage is down and this node already holds its cap of unsaved edits: refuse rather
      // than grow without bound. The client keeps the edit and sends it again on reconnect.
      const text = 'Storage is unreachable and too many edits are waiting to be saved; this edit was not saved.'
      if (s.session.nudgeMessages) s.session.send(msg.notice('UNAVAILABLE', text))
      else s.session.send(msg.permissionDenied(text))
      return
    }
    if (this.approxSize + update.byteLength > this.limits.documentBytes) {
      this.compactSizeEstimate()
      if (this.approxSize + update.byteLength > this.limits.documentBytes) {
        if (s.session.nudgeMessages) s.session.send(msg.notice('TOO_LARGE', 'The document is over its size limit; this edit was not saved.'))
        else s.session.send(msg.permissionDenied('The document is over its size limit.'))
        return
      }
    }
    s.wroteAt = Date.now()
    Y.applyUpdate(this.doc, update, s.session)
    if (hasPending(this.doc)) this.checkPending(s)
  }

  /**
   * Bounds pending state (updates whose dependencies never arrived). Nothing pending was
   * integrated, broadcast or stored, so dropping it loses nothing the room has; the connection
   * that pushed it past the bound is closed, because its copy of the document no longer matches.
   */
  private checkPending(s: SessionState): void {
    const size = pendingSize(this.doc)
    if (size.bytes <= this.limits.pendingBytes && size.structs <= this.limits.pendingStructs) return
    dropPending(this.doc)
    this.hooks.onError?.(this, new Error(`pending state over its bound (${size.bytes} bytes, ${size.structs} structs)`), 'pending limit')
    const text = 'This client sent edits that depend on changes the server never received. Reload the page.'
    if (s.session.nudgeMessages) s.session.send(msg.notice('BAD_REQUEST', text))
    s.session.close(CLOSE.unresolvable, 'Unresolvable updates')
    this.leave(s.session.id)
  }

  /** Exact size, recomputed only when the cheap upper bound says the cap is near. */
  private compactSizeEstimate(): void {
    this.approxSize = encodeIntegrated(this.doc).byteLength
  }

  /** The frame being applied from a session: checked, so it is forwarded as it came. */
  private inboundAwareness: { update: Uint8Array; frame: Uint8Array | null } | null = null

  private handleAwareness(s: SessionState, update: Uint8Array, frame: Uint8Array | null): void {
    const entries = readAwarenessEntries(update)
    const states = this.awareness.getStates()
    let added = 0
    for (const e of entries) {
      const owner = this.ownerOf(e.clientId)
      // A client may only set or remove its own awareness states.
      if (owner && owner !== s) return
      if (e.stateBytes > this.limits.awarenessStateBytes) return
      if (!owner && !e.removed) {
        added++
        // Per connection (a tab has one cursor) and per room: one client cannot fill the slots.
        if (s.awarenessIds.size + added > this.limits.awarenessStatesPerConnection) return
        if (states.size + added > this.limits.awarenessStatesPerRoom) return
      }
    }
    this.inboundAwareness = { update, frame }
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, s.session)
    } finally {
      this.inboundAwareness = null
    }
  }

  private ownerOf(clientId: number): SessionState | undefined {
    for (const s of this.sessions.values()) if (s.awarenessIds.has(clientId)) return s
    return undefined
  }

  leave(sessionId: string): void {
    const s = this.sessions.get(sessionId)
    if (!s) return
    this.sessions.delete(sessionId)
    if (s.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...s.awarenessIds], 'leave')
    }
    this.maybeIdle()
  }

  /** Everything up to `stateVector` is stored (single-writer persistence, e.g. tests). */
  markDurable(stateVector: Uint8Array): void {
    this.durable.reset(Y.decodeStateVector(stateVector))
    this.sendDurable()
    this.maybeIdle()
  }

  /**
   * Called after ranges of the document were stored — by this node's update log (`local`), or
   * by another node (its notice via the relay). Clients learn which edits are durable.
   */
  markStored(ranges: StoredRanges, local = true): void {
    if (local) this.hooks.onStored?.(this, ranges)
    if (this.durable.add(ranges)) this.sendDurable()
    if (local) this.maybeIdle()
  }

  /** What this doc holds that no node has stored (scaled mode), as one update; null if nothing. */
  unstored(): Uint8Array | null {
    const sv = Y.decodeStateVector(Y.encodeStateVector(this.doc))
    return this.durable.covers(sv) ? null : encodeIntegrated(this.doc, this.durable.encode())
  }

  private readerAckTimer: NodeJS.Timeout | null = null

  /** Writers hear at once that their edits are durable; readers at most every READER_ACK_MS. */
  private sendDurable(readersOnly = false): void {
    const now = Date.now()
    let m: Uint8Array | null = null
    let deferred = false
    for (const s of this.sessions.values()) {
      if (!s.session.nudgeMessages || s.buffer) continue
      const reader = now - s.wroteAt > WRITER_MS
      if (readersOnly && !reader) continue
      if (reader && now - s.ackedAt < READER_ACK_MS) {
        deferred = true
        continue
      }
      m ??= msg.durable(this.durable.encode())
      s.session.send(m)
      s.ackedAt = now
    }
    // The trailing ack: a reader always ends up with the latest durable state.
    if (deferred && !this.readerAckTimer) {
      this.readerAckTimer = setTimeout(() => {
        this.readerAckTimer = null
        if (this.state !== 'closed') this.sendDurable(true)
      }, READER_ACK_MS)
    }
  }

  maybeIdle(): void {
    if (this.sessions.size === 0 && this.state === 'ready' && !this.persistence.hasPending(this.id)) {
      this.hooks.onIdle(this)
    }
  }

  /** Applies an update that came from another node; it is broadcast but not persisted again. */
  applyRemote(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, 'remote')
  }

  /** Closes every session (e.g. on shutdown) and frees the document. */
  destroy(code = 1001, reason = 'Server shutting down'): void {
    this.state = 'closed'
    if (this.readerAckTimer) clearTimeout(this.readerAckTimer)
    for (const s of this.sessions.values()) s.session.close(code, reason)
    this.sessions.clear()
    this.awareness.destroy()
    this.doc.destroy()
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === 'load') return
    this.approxSize += update.byteLength
    const m = msg.update(update)
    for (const s of this.sessions.values()) {
      if (s.session !== origin && !s.buffer) s.session.send(m)
    }
    if (origin === 'remote') return
    const author = isSession(origin) ? origin.author : 'server'
    this.persistence.enqueue(this, update, author)
    this.hooks.onLocalUpdate?.(this, update)
  }

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const owner = isSession(origin) ? this.sessions.get(origin.id) : undefined
    if (owner) {
      for (const id of added) owner.awarenessIds.add(id)
      for (const id of removed) owner.awarenessIds.delete(id)
    }
    const changed = [...added, ...updated, ...removed]
    if (changed.length === 0) return
    // A session's own (checked) frame is forwarded as it came instead of re-encoding its JSON:
    // it holds exactly its entries, which receivers apply by the same clock rules.
    const inbound = owner ? this.inboundAwareness : null
    const update = inbound?.update ?? awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)
    const m = inbound?.frame ?? msg.awareness(update)
    for (const s of this.sessions.values()) {
      if (s !== owner && !s.buffer) s.session.send(m)
    }
    if (origin !== 'remote') this.hooks.onLocalAwareness?.(this, update)
  }

  /** Awareness (cursors) of another node's sessions; their node removes them when they leave. */
  applyRemoteAwareness(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, 'remote')
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0
}

function isSession(o: unknown): o is Session {
  return typeof o === 'object' && o !== null && 'author' in o && 'send' in o
}
