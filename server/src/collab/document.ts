import * as Y from 'yjs'
import { CLOSE, YMSG, type CloseCode, type DocName } from '@nudge/shared'
import { docKey } from '../store/types.ts'
import { AwarenessThrottle } from './awareness-throttle.ts'
import { DurableClock, type StoredRanges } from './durable.ts'
import type { CollabLimits } from './limits.ts'
import { dropPending, encodeIntegrated, hasPending, pendingSize } from './pending.ts'
import { cheapStructBound, countStructs, decodedStructBound } from './structs.ts'
import { applyAwarenessEntries, awarenessProtocol, decoding, msg, readAwareness, stampAwareness, syncProtocol, updateHasContent, type AwarenessIdentity } from './messages.ts'
import type { Relay } from './relay.ts'

/** One connection to a document, as the transport sees it. The document never imports a transport. */
export interface Session {
  readonly id: string
  /** Who writes: participant id, recorded with every update in the log. */
  readonly author: string
  /** Name, role and participant id from the server's records, stamped on its cursor states. */
  readonly identity: AwarenessIdentity
  readonly readOnly: boolean
  /** Whether the client understands Nudge's custom message types (durable, notice). */
  readonly nudgeMessages: boolean
  send(bytes: Uint8Array): void
  close(code: CloseCode, reason: string): void
}

/** Where a document's content comes from and where its updates go (the update log). */
export interface DocumentPersistence {
  load(roomId: string, name: DocName): Promise<Uint8Array[]>
  /**
   * Queues an update; the document's `markStored` is called once it is stored. `ranges`, when
   * given, are the structs it carries (known from the transaction, so it need not be decoded).
   */
  enqueue(doc: LiveDocument, update: Uint8Array, author: string, ranges?: StoredRanges): void
  /** True while this document (by `key`) has updates not yet stored. */
  hasPending(key: string): boolean
  /** False while too many unstored bytes are held in memory (storage down): edits are refused. */
  accepting(): boolean
  /** Bytes of the room's update log (every document of the room), stored and queued. */
  roomLogBytes(roomId: string): number
  /**
   * Bytes one seat (role) wrote to the room's log on this node since the room was loaded, after
   * adding `add` (0 only reads). Optional: without it no seat has a share of its own.
   */
  chargeSeat?(roomId: string, seat: string, add: number): number
}

/** What a live document is built with; handed in at construction, never attached later. */
export interface DocumentDeps {
  persistence: DocumentPersistence
  /** Carries this node's updates, stored ranges and awareness to other nodes (a no-op on one node). */
  relay: Relay
  limits: CollabLimits
  /** The last session left and nothing is pending or unstored: the owner unloads the document. */
  idle(doc: LiveDocument): void
  warn(doc: LiveDocument, err: unknown, context: string): void
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
  /** Awareness updates (cursors, pointers) are rate-limited per connection. */
  awarenessRate: AwarenessThrottle
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
 * One named document of a room (`code`, `board`), live on this node: the transport-free core of
 * the y-websocket protocol. A transport calls join/receive/leave; the document answers through
 * each session's `send`. Every document of every room runs this same code: loading, limits,
 * read-only, durable acks, the update log and the relay.
 */
export class LiveDocument {
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  private readonly sessions = new Map<string, SessionState>()
  private state: 'loading' | 'ready' | 'failed' | 'closed' = 'loading'
  /** Server reads and edits (Documents.withDocument) in progress: the document stays loaded for them. */
  private holds = 0
  /** What is stored durably; its state vector is sent to clients so they can show "saved". */
  readonly durable = new DurableClock()
  /** Upper bound of the encoded document size, to refuse edits past the cap cheaply. */
  approxSize = 0
  /** Upper bound of the document's structs (items, tombstones), recounted when near the cap. */
  approxStructs = 0
  /** Whether `approxStructs` is an exact count of the current document. */
  private structsCounted = false
  /**
   * The whole document encoded, as joiners with an empty state vector are sent it; kept until
   * the next update. Encoding walks every struct, so a burst of joins (or one client reconnecting
   * in a loop) costs one encode per change, not one per join.
   */
  private fullState: Uint8Array | null = null
  readonly ready: Promise<void>
  /** `<roomId>/<name>`: the key of this document in maps, the update log's batches and the relay. */
  readonly key: string
  private readonly persistence: DocumentPersistence
  private readonly limits: CollabLimits

  constructor(
    readonly roomId: string,
    readonly name: DocName,
    private readonly deps: DocumentDeps,
  ) {
    this.key = docKey(roomId, name)
    this.persistence = deps.persistence
    this.limits = deps.limits
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
      const updates = await this.persistence.load(this.roomId, this.name)
      Y.transact(this.doc, () => {
        for (const u of updates) Y.applyUpdate(this.doc, u, 'load')
      }, 'load')
      // Stored data is complete: what is still pending after loading it never resolves (a
      // snapshot written before pending state was bounded may hold megabytes of it). Drop it
      // so the document stays usable.
      if (hasPending(this.doc)) {
        this.deps.warn(this, new Error(`dropped ${pendingSize(this.doc).bytes} bytes of unresolvable pending state`), 'load')
        dropPending(this.doc)
      }
      this.approxSize = updates.reduce((n, u) => n + u.byteLength, 0)
      // A document stored over the struct cap (before it existed) still loads and syncs; only
      // edits that could add structs are refused.
      this.approxStructs = countStructs(this.doc)
      this.structsCounted = true
      this.durable.reset(Y.decodeStateVector(Y.encodeStateVector(this.doc)))
      this.state = 'ready'
    } catch (err) {
      this.state = 'failed'
      this.deps.warn(this, err, 'load')
      for (const s of this.sessions.values()) s.session.close(CLOSE.unavailable, 'The room could not be loaded; retrying.')
      this.sessions.clear()
      this.deps.idle(this)
      return
    }
    for (const s of this.sessions.values()) this.start(s)
  }

  join(session: Session): void {
    const s: SessionState = {
      session, buffer: [], awarenessIds: new Set(), toldReadOnly: false, wroteAt: -Infinity, ackedAt: -Infinity, lastStep1: null,
      awarenessRate: new AwarenessThrottle(this.limits.awarenessUpdatesPerSecond, this.limits.awarenessBurst),
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
          const frame = decoder.pos === data.byteLength ? data : null
          // Past its rate, a connection's awareness is coalesced: the latest update waits for the
          // next slot and replaces any older one waiting, so the last pointer position still arrives.
          // A deferred update runs from a timer, outside this try: it gets the same guard.
          return s.awarenessRate.offer(() => {
            if (this.sessions.get(s.session.id) !== s || this.state !== 'ready') return
            try {
              this.handleAwareness(s, update, frame)
            } catch (err) {
              this.rejectMalformed(s, err)
            }
          })
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
      this.rejectMalformed(s, err)
    }
  }

  /** A malformed message closes that connection only; the room and its document stay healthy. */
  private rejectMalformed(s: SessionState, err: unknown): void {
    this.deps.warn(this, err, 'malformed message')
    s.session.send(msg.notice('BAD_REQUEST', 'The server could not read a message from this client.'))
    s.session.close(CLOSE.malformed, 'Malformed message')
    this.leave(s.session.id)
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
      s.session.send(msg.syncStep2(this.missingFrom(sv)))
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
    if (this.persistence.roomLogBytes(this.roomId) + update.byteLength > this.limits.roomLogBytes && updateHasContent(update)) {
      // The room's history (the update log replay reads) is at its quota: the document stays
      // as it is, readable by everyone, and further edits are refused, never half-stored.
      const text = 'This room’s edit history is full (its storage limit is reached); this edit was not saved. The document stays readable: export the debrief, or copy the code to a new room.'
      if (s.session.nudgeMessages) s.session.send(msg.notice('TOO_LARGE', text))
      else s.session.send(msg.permissionDenied('The room’s edit history is full.'))
      return
    }
    // One seat may fill at most its share of the room's history, so a participant looping edits
    // leaves the rest of it to the others: the flooder is refused, the room goes on.
    const seat = s.session.identity.role
    const share = this.limits.roomLogBytes * this.limits.seatLogShare
    if (this.persistence.chargeSeat && this.persistence.chargeSeat(this.roomId, seat, 0) + update.byteLength > share && updateHasContent(update)) {
      const text = 'You have written your share of this room’s edit history (its storage limit); this edit was not saved. The others in the room can still edit.'
      if (s.session.nudgeMessages) s.session.send(msg.notice('TOO_LARGE', text))
      else s.session.send(msg.permissionDenied('Your share of the room’s edit history is used up.'))
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
    if (!this.structsFit(update)) {
      const text = 'The document has too many separate edits for the server to hold; this edit was not saved.'
      if (s.session.nudgeMessages) s.session.send(msg.notice('TOO_LARGE', text))
      else s.session.send(msg.permissionDenied(text))
      return
    }
    s.wroteAt = Date.now()
    this.persistence.chargeSeat?.(this.roomId, seat, update.byteLength)
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
    this.deps.warn(this, new Error(`pending state over its bound (${size.bytes} bytes, ${size.structs} structs)`), 'pending limit')
    const text = 'This client sent edits that depend on changes the server never received. Reload the page.'
    if (s.session.nudgeMessages) s.session.send(msg.notice('BAD_REQUEST', text))
    s.session.close(CLOSE.unresolvable, 'Unresolvable updates')
    this.leave(s.session.id)
  }

  /**
   * Whether applying `update` keeps the document within its struct cap. A cheap bound from the
   * update's length decides almost always; near the cap the document is recounted and the
   * update decoded. Checked before applying: an applied update is already broadcast.
   */
  private structsFit(update: Uint8Array): boolean {
    const cap = this.limits.documentStructs
    if (this.approxStructs + cheapStructBound(update) <= cap) return true
    if (!this.structsCounted) {
      this.approxStructs = countStructs(this.doc)
      this.structsCounted = true
    }
    if (this.approxStructs + cheapStructBound(update) <= cap) return true
    return this.approxStructs + decodedStructBound(update) <= cap
  }

  /** What a client with state vector `sv` lacks; the whole document is encoded once per change. */
  private missingFrom(sv: Uint8Array): Uint8Array {
    // An empty state vector is the single byte 0 (no clients).
    if (sv.byteLength > 1 || (sv.byteLength === 1 && sv[0] !== 0)) return encodeIntegrated(this.doc, sv)
    return (this.fullState ??= encodeIntegrated(this.doc))
  }

  /** Exact size, recomputed only when the cheap upper bound says the cap is near. */
  private compactSizeEstimate(): void {
    this.approxSize = encodeIntegrated(this.doc).byteLength
  }

  /** The frame being applied from a session: checked, so it is forwarded as it came. */
  private inboundAwareness: { update: Uint8Array; frame: Uint8Array | null } | null = null

  private handleAwareness(s: SessionState, update: Uint8Array, frame: Uint8Array | null): void {
    // Read (and parsed) once: checked, stamped, applied and forwarded from the same entries.
    const entries = readAwareness(update, this.limits.awarenessStateBytes)
    if (!entries) return
    const states = this.awareness.getStates()
    let added = 0
    for (const e of entries) {
      const owner = this.ownerOf(e.clientId)
      // A client may only set or remove its own awareness states.
      if (owner && owner !== s) return
      if (!owner && e.state !== null) {
        added++
        // Per connection (a tab has one cursor) and per room: one client cannot fill the slots.
        if (s.awarenessIds.size + added > this.limits.awarenessStatesPerConnection) return
        if (states.size + added > this.limits.awarenessStatesPerRoom) return
      }
    }
    // Whose cursor it is comes from the server, not the client (finding 7 of #15).
    const stamped = stampAwareness(entries, s.session.identity)
    this.inboundAwareness = { update: stamped.update, frame: stamped.same && stamped.update.byteLength === update.byteLength ? frame : null }
    try {
      applyAwarenessEntries(this.awareness, entries, s.session)
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
    s.awarenessRate.stop()
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
    if (local) this.deps.relay.publishStored(this, ranges)
    if (this.durable.add(ranges)) this.sendDurable()
    if (local) this.maybeIdle()
  }

  /** True when everything this doc holds is stored (by this node or another). */
  get allStored(): boolean {
    return this.durable.covers(Y.decodeStateVector(Y.encodeStateVector(this.doc)))
  }

  /** True while this node's update log holds updates of this document not yet written. */
  get writing(): boolean {
    return this.persistence.hasPending(this.key)
  }

  /**
   * Queues what this doc holds that no node has stored (edits relayed from a node that died
   * before storing them) in this node's update log, author 'recovered'. Only the relay calls
   * it: it is the one place that decides when unstored edits are adopted. Returns false if
   * there was nothing to adopt.
   */
  adoptUnstored(): boolean {
    if (this.state !== 'ready' || this.allStored) return false
    this.persistence.enqueue(this, encodeIntegrated(this.doc, this.durable.encode()), 'recovered')
    return true
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

  /**
   * Keeps the document loaded until the returned release is called (a server read or edit that
   * awaits loading). Without it, one of two concurrent reads of an unloaded document unloaded it
   * while the other was still waiting for it, which then failed as UNAVAILABLE.
   */
  hold(): () => void {
    this.holds++
    let held = true
    return () => {
      if (!held) return
      held = false
      this.holds--
      this.maybeIdle()
    }
  }

  maybeIdle(): void {
    // The relay may first hand edits no node has stored to the update log; the document then
    // stays loaded until they are stored, and this runs again.
    if (this.sessions.size === 0 && this.holds === 0 && this.state === 'ready' && !this.writing && this.deps.relay.releasable(this)) {
      this.deps.idle(this)
    }
  }

  /** Applies an update that came from another node; it is broadcast but not persisted again. */
  applyRemote(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, 'remote')
  }

  /** Closes every session (e.g. on shutdown) and frees the document. */
  destroy(code: CloseCode = CLOSE.goingAway, reason = 'Server shutting down'): void {
    this.state = 'closed'
    if (this.readerAckTimer) clearTimeout(this.readerAckTimer)
    for (const s of this.sessions.values()) s.session.close(code, reason)
    for (const s of this.sessions.values()) s.awarenessRate.stop()
    this.sessions.clear()
    this.awareness.destroy()
    this.doc.destroy()
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction): void => {
    this.fullState = null
    if (origin === 'load') return
    this.approxSize += update.byteLength
    this.approxStructs += cheapStructBound(update)
    this.structsCounted = false
    const m = msg.update(update)
    for (const s of this.sessions.values()) {
      if (s.session !== origin && !s.buffer) s.session.send(m)
    }
    if (origin === 'remote') return
    const author = isSession(origin) ? origin.author : 'server'
    this.persistence.enqueue(this, update, author, transactionRanges(tr))
    this.deps.relay.publish(this, update)
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
    if (origin !== 'remote') this.deps.relay.publishAwareness(this, update)
  }

  /** Awareness (cursors) of another node's sessions; their node removes them when they leave. */
  applyRemoteAwareness(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, 'remote')
  }
}

/**
 * The struct ranges a transaction's update carries: Yjs encodes exactly the structs between its
 * before and after state vectors (deletions carry no ranges).
 */
function transactionRanges(tr: Y.Transaction): StoredRanges {
  const out: StoredRanges = []
  for (const [client, to] of tr.afterState) {
    const from = tr.beforeState.get(client) ?? 0
    if (to > from) out.push([client, from, to])
  }
  return out
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0
}

function isSession(o: unknown): o is Session {
  return typeof o === 'object' && o !== null && 'author' in o && 'send' in o
}
