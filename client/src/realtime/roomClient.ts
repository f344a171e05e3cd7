import { RunsClient } from './runsClient.ts'
import { PROTOCOL_VERSION, isHandshakeRefusal, type DocName, type ErrorBody, type Participant, type RoomInfo, type RoomLoopRef, type RoomState } from '@nudge/shared'
import { CollabSession } from '../collab/session.ts'
import { deleteStaleCopies, readCachedRoom, writeCachedRoom } from '../collab/localCopy.ts'
import { StatusStore, type StatusPort } from '../collab/status.ts'
import type { KeyValueStore } from '../lib/storage.ts'
import { InterviewClient } from './interviewClient.ts'
import { ChatCallClient } from './chatCallClient.ts'
import { presenceChange, upsertParticipant } from './participants.ts'
import {
  CommandError,
  command,
  createRoomSocket,
  HANDSHAKE_HANDLING,
  fatalMessage,
  handshakeError,
  isFatalHandshake,
  type NudgeSocket,
} from './socket.ts'

export interface RoomClientOptions {
  roomId: string
  token: string
  participantId: string
  name: string
  store: KeyValueStore
  /** Called when the server rejected the invite secret, so it can be forgotten. */
  onInvalidToken?: () => void
}

export interface RoomSnapshot {
  room: RoomInfo | null
  /** The loop this room is a stage of, from the join payload (null: none, or not joined yet). */
  loop: RoomLoopRef | null
  you: Participant | null
  participants: Participant[]
  session: CollabSession | null
  /** The room's whiteboard document, once this page opened the board (null until then). */
  board: CollabSession | null
  /** A refusal that retrying can't fix: bad link, unknown room, outdated client. */
  fatal: (ErrorBody & { detail: string }) | null
  /** True while the data shown comes from this browser's cache, not the server. */
  fromCache: boolean
  /** The latest "Ada joined" / "Ivy (interviewer) left"; seq changes with each. */
  presenceNotice: { seq: number; text: string } | null
}


/** Tickets last ~10 minutes; refreshing every 4 keeps one valid across reconnects. */
const TICKET_REFRESH_MS = 4 * 60_000
const TROUBLE_REFRESH_MIN_MS = 5_000

/**
 * Everything one open room needs, outside React: the Socket.IO connection (presence, tickets),
 * the collaboration session of the current epoch, and the status store. React subscribes to it
 * with useSyncExternalStore; StrictMode's double effects just create and destroy a client.
 */
export class RoomClient {
  readonly status: StatusStore
  /** Rounds, clock, hints, ledger, notes, scorecards: the interview over the same socket. */
  readonly interview: InterviewClient
  /** Code runs in the room (features/runner). */
  readonly runs: RunsClient
  /** Room chat and the call's roster and signalling. */
  readonly chatCall: ChatCallClient
  private readonly socket: NudgeSocket
  private snapshot: RoomSnapshot
  private readonly listeners = new Set<() => void>()
  private readonly timers: number[] = []
  private readonly cleanups: Array<() => void> = []
  private lastTicketAt = 0
  private ticketInFlight: Promise<void> | null = null
  private lastTicket: string | null = null
  private boardStatus: ReturnType<StatusStore['document']> | null = null
  private destroyed = false

  constructor(private readonly opts: RoomClientOptions) {
    this.status = new StatusStore(typeof navigator === 'undefined' ? true : navigator.onLine)
    const cached = readCachedRoom(opts.store, opts.roomId, opts.token)
    this.snapshot = {
      room: cached?.room ?? null,
      loop: null,
      you: cached?.you ?? null,
      participants: cached ? cached.participants.map((p) => ({ ...p, online: false })) : [],
      session: null,
      board: null,
      fatal: null,
      fromCache: cached !== null,
      presenceNotice: null,
    }
    // With a remembered epoch the local copy opens at once: the editor works before (or without)
    // the server, and offline edits from a previous visit are visible again.
    if (cached) this.ensureSession(cached.room.epoch, cached.you)

    const onOnline = () => {
      this.status.update({ online: true })
      // Don't wait for Socket.IO's backoff timer once the network is back.
      if (!this.socket.connected && !this.snapshot.fatal) this.socket.connect()
    }
    const onOffline = () => this.status.update({ online: false })
    window.addEventListener('online', onOnline)
    window.addEventListener('offline', onOffline)
    this.cleanups.push(() => {
      window.removeEventListener('online', onOnline)
      window.removeEventListener('offline', onOffline)
    })

    this.socket = createRoomSocket({
      roomId: opts.roomId,
      token: opts.token,
      participantId: opts.participantId,
      name: opts.name,
      protocol: PROTOCOL_VERSION,
    })
    this.interview = new InterviewClient(this.socket)
    this.runs = new RunsClient(this.socket)
    this.chatCall = new ChatCallClient(this.socket)
    this.wireSocket()
    // Deferred a tick: under StrictMode the first client is destroyed synchronously, and a
    // socket that never started needs no closing handshake.
    this.timers.push(window.setTimeout(() => !this.destroyed && this.socket.connect(), 0))
    this.timers.push(window.setInterval(() => void this.refreshTicket(true), TICKET_REFRESH_MS))
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getSnapshot = (): RoomSnapshot => this.snapshot

  private set(patch: Partial<RoomSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch }
    for (const l of this.listeners) l()
  }

  private wireSocket(): void {
    const s = this.socket
    s.on('connect', () => {
      this.status.update({ socket: 'connected' })
      void this.refreshTicket(true)
    })
    s.on('disconnect', (reason) => {
      this.status.update({ socket: 'disconnected' })
      // A server shutting down gracefully disconnects every socket itself, which Socket.IO
      // doesn't retry on its own. Reconnect; if the invite was revoked, the handshake says so.
      if (reason === 'io server disconnect') {
        this.timers.push(window.setTimeout(() => !this.destroyed && s.connect(), 500 + Math.random() * 1500))
      }
    })
    s.io.on('reconnect_attempt', () => this.status.update({ socket: 'connecting' }))
    s.on('connect_error', (err) => {
      const body = handshakeError(err)
      if (body && isFatalHandshake(body.code)) {
        if (body.code === 'UNAUTHORIZED') this.opts.onInvalidToken?.()
        this.status.update({ socket: 'disconnected', closed: { code: 0, reason: fatalMessage(body) } })
        this.set({ fatal: { ...body, detail: fatalMessage(body) } })
        return
      }
      this.status.update({ socket: 'disconnected' })
      // A refusal from the middleware (a full seat, storage down) is not retried by Socket.IO
      // itself: say why, and try again.
      if (body) {
        if (isHandshakeRefusal(body.code)) this.status.showNotice({ code: body.code, message: HANDSHAKE_HANDLING[body.code].message(body) })
        this.timers.push(window.setTimeout(() => !this.destroyed && s.connect(), 3000))
      }
    })
    s.on('room:state', (state) => this.applyRoomState(state))
    s.on('presence:updated', (p) => {
      const previous = this.snapshot.you
      const you = previous && p.id === previous.id ? p : previous
      const text = p.id === previous?.id || this.snapshot.fromCache ? null : presenceChange(this.snapshot.participants.find((x) => x.id === p.id), p)
      const presenceNotice = text ? { seq: (this.snapshot.presenceNotice?.seq ?? 0) + 1, text } : this.snapshot.presenceNotice
      this.set({ participants: upsertParticipant(this.snapshot.participants, p), you, presenceNotice })
      if (you && you === p) {
        this.publishUser(you)
        if (previous && previous.role !== you.role) this.reopenDocuments()
      }
      this.cache()
    })
  }

  private applyRoomState(state: RoomState): void {
    const previous = this.snapshot.fromCache ? null : this.snapshot.you
    this.set({ room: state.room, loop: state.loop, you: state.you, participants: state.participants, fromCache: false })
    this.ensureSession(state.room.epoch, state.you)
    if (previous && previous.role !== state.you.role) this.reopenDocuments()
    this.cache()
  }

  /**
   * A ticket carries the role and name it was issued for (the server labels our cursor with
   * them): after either changes, get a new one and reconnect the documents.
   */
  private reopenDocuments(): void {
    this.lastTicketAt = 0
    void this.refreshTicket(true).then(() => {
      this.snapshot.session?.reconnect()
      this.snapshot.board?.reconnect()
    })
  }

  /**
   * Opens the room's whiteboard document (a second y-websocket connection, its own IndexedDB
   * copy, its edits counted in "All changes saved"). Called when a board is first shown; a room
   * that never shows it never connects to it.
   */
  openBoard(): CollabSession | null {
    if (this.destroyed) return null
    const epoch = this.snapshot.session?.epoch
    if (!epoch) return null
    const current = this.snapshot.board
    if (current && current.epoch === epoch) return current
    current?.destroy()
    this.boardStatus?.detach()
    this.boardStatus = this.status.document('board')
    const board = this.newSession(epoch, 'board', this.boardStatus)
    this.set({ board })
    if (this.snapshot.you) this.publishUser(this.snapshot.you)
    if (this.lastTicket) void board.setTicket(this.lastTicket)
    return board
  }

  private newSession(epoch: string, doc: DocName, status: StatusPort): CollabSession {
    const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
    return new CollabSession({
      roomId: this.opts.roomId,
      epoch,
      doc,
      serverUrl: `${proto}//${window.location.host}/yjs`,
      status,
      store: this.opts.store,
      onConnectionTrouble: () => void this.refreshTicket(),
      onTicketRefused: () => void this.refreshTicket(true),
    })
  }

  private ensureSession(epoch: string, you: Participant | null): void {
    const current = this.snapshot.session
    if (current && current.epoch === epoch) {
      if (you) this.publishUser(you)
      return
    }
    const previousEpoch = current?.epoch ?? null
    // A different epoch means the document was reset: drop the old copy, never merge it.
    current?.destroy()
    void deleteStaleCopies(this.opts.roomId, epoch, previousEpoch)
    this.lastTicket = null
    const session = this.newSession(epoch, 'code', this.status)
    const hadBoard = this.snapshot.board !== null
    this.set({ session })
    // The board belongs to the same epoch: a reset room reopens an open board on the new one.
    if (hadBoard) this.openBoard()
    if (you) this.publishUser(you)
    if (this.socket?.connected) void this.refreshTicket(true)
  }

  private publishUser(you: Participant): void {
    const user = { name: you.name, color: you.color, role: you.role, participantId: you.id }
    this.snapshot.session?.setUser(user)
    this.snapshot.board?.setUser(user)
  }

  private cache(): void {
    const { room, you, participants } = this.snapshot
    if (room && you) writeCachedRoom(this.opts.store, this.opts.token, { room, you, participants })
  }

  /** Gets a short-lived ticket for the Yjs endpoint; the long-lived secret never goes in a URL. */
  private refreshTicket(force = false): Promise<void> {
    if (this.destroyed || !this.socket.connected) return Promise.resolve()
    if (!force && Date.now() - this.lastTicketAt < TROUBLE_REFRESH_MIN_MS) return Promise.resolve()
    if (this.ticketInFlight) return this.ticketInFlight
    this.lastTicketAt = Date.now()
    this.ticketInFlight = command(this.socket, 'collab:ticket', {})
      .then(async (t) => {
        if (this.destroyed) return
        if (t.epoch !== this.snapshot.session?.epoch) this.ensureSession(t.epoch, this.snapshot.you)
        const session = this.snapshot.session
        if (!session) return
        this.lastTicket = t.ticket
        // One ticket opens every document of the room.
        for (const s of [session, this.snapshot.board]) if (s) await s.setTicket(t.ticket)
      })
      .catch((err: unknown) => {
        if (err instanceof CommandError && err.body.code !== 'UNAVAILABLE') this.status.showNotice(err.body)
      })
      .finally(() => {
        this.ticketInFlight = null
      })
    return this.ticketInFlight
  }

  async rename(name: string): Promise<void> {
    const p = await command(this.socket, 'presence:rename', { name })
    // Reconnects authenticate again with the handshake; keep the new name there too.
    ;(this.socket.auth as { name: string }).name = p.name
    this.set({ you: p, participants: upsertParticipant(this.snapshot.participants, p) })
    this.publishUser(p)
    this.reopenDocuments()
    this.cache()
  }

  /**
   * Calls `listener` when the room's loop review changed (the server says only that: the review is
   * then fetched with this room's invite), and on each (re)connect, when a change may have been missed.
   */
  onLoopReviewChanged(listener: () => void): () => void {
    const fire = () => listener()
    this.socket.on('loop:review-changed', fire)
    this.socket.on('connect', fire)
    return () => {
      this.socket.off('loop:review-changed', fire)
      this.socket.off('connect', fire)
    }
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    for (const t of this.timers) window.clearInterval(t)
    for (const c of this.cleanups.splice(0)) c()
    this.interview.destroy()
    this.chatCall.destroy()
    this.socket.removeAllListeners()
    this.socket.io.removeAllListeners()
    this.socket.disconnect()
    this.snapshot.session?.destroy()
    this.snapshot.board?.destroy()
    this.boardStatus?.detach()
    this.listeners.clear()
  }
}
