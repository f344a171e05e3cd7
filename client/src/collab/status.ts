import type { ErrorBody } from '@nudge/shared'
import { isCoveredBy, mergeMax, type StateVector } from './stateVectors.ts'

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed'
export type SaveState = 'saved' | 'saving' | 'unsaved-offline'
export type LinkState = 'idle' | 'connecting' | 'connected' | 'disconnected'

/** Raw facts reported by the socket, the provider, the browser and the document. */
export interface StatusInputs {
  online: boolean
  socket: LinkState
  provider: LinkState
  synced: boolean
  /** Whether this session ever reached the server; decides "connecting" vs "reconnecting". */
  everConnected: boolean
  /** A permanent refusal (close codes 4400–4499, a rejected handshake). */
  closed: { code: number; reason: string } | null
  local: StateVector
  /** What the server reported as stored; null until the first report (or a remembered one). */
  durable: StateVector | null
  /** Whether unsaved edits survive a closed tab (IndexedDB opened). */
  persistent: boolean
}

export interface CollabStatus {
  connection: ConnectionState
  save: SaveState
  closed: { code: number; reason: string } | null
  persistent: boolean
  notice: Notice | null
}

export interface Notice extends ErrorBody {
  /** Increments for each notice, so an identical repeated notice still re-renders. */
  seq: number
}

export function deriveConnection(i: StatusInputs): ConnectionState {
  if (i.closed) return 'closed'
  // The browser knows about a lost network long before a WebSocket notices (ping timeouts are
  // tens of seconds), so its word wins.
  if (!i.online) return 'offline'
  if (i.socket === 'connected' && i.provider === 'connected' && i.synced) return 'connected'
  return i.everConnected ? 'reconnecting' : 'connecting'
}

export function deriveSave(i: StatusInputs, connection: ConnectionState): SaveState {
  if (i.local.size === 0) return 'saved'
  if (i.durable && isCoveredBy(i.local, i.durable)) return 'saved'
  // Edits only reach the server through the Yjs connection; the socket doesn't matter here.
  const canSend = !i.closed && i.provider === 'connected' && i.online
  return canSend && connection !== 'closed' ? 'saving' : 'unsaved-offline'
}

/** The inputs that belong to one document (its provider, its edits); the rest is the room's. */
export type DocInputs = Pick<StatusInputs, 'provider' | 'synced' | 'closed' | 'local' | 'durable' | 'persistent' | 'everConnected'>

/**
 * What a CollabSession reports to: the room's StatusStore for the code document, or a
 * document port of it for another document (the board). Both feed the same derivation.
 */
export interface StatusPort {
  update(patch: Partial<DocInputs>): void
  getInputs(): Readonly<DocInputs>
  showNotice(body: ErrorBody): void
}

const CONNECTION_RANK: Record<ConnectionState, number> = { connected: 0, connecting: 1, reconnecting: 2, offline: 3, closed: 4 }
const SAVE_RANK: Record<SaveState, number> = { saved: 0, saving: 1, 'unsaved-offline': 2 }

function merge<T extends Partial<StatusInputs>>(prev: T, patch: Partial<StatusInputs>): T {
  const next = { ...prev, ...patch }
  // Durable state only grows; a stale or reordered report must not make it shrink.
  if (patch.durable) next.durable = prev.durable ? mergeMax(prev.durable, patch.durable) : patch.durable
  return next
}

export const initialInputs = (online = true): StatusInputs => ({
  online,
  socket: 'idle',
  provider: 'idle',
  synced: false,
  everConnected: false,
  closed: null,
  local: new Map(),
  durable: null,
  persistent: false,
})

/**
 * The one place that turns connection and persistence events into what the header shows.
 * React reads it with useSyncExternalStore; the snapshot object only changes when something
 * visible changes, so a keystroke doesn't re-render the header unless the save state flips.
 */
export class StatusStore implements StatusPort {
  private inputs: StatusInputs
  /** Other documents of the room (the board), each reported through its own port. */
  private readonly docs = new Map<string, DocInputs>()
  private snapshot: CollabStatus
  private notice: Notice | null = null
  private seq = 0
  private listeners = new Set<() => void>()

  constructor(online = true) {
    this.inputs = initialInputs(online)
    this.snapshot = this.compute()
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getSnapshot = (): CollabStatus => this.snapshot

  getInputs(): Readonly<StatusInputs> {
    return this.inputs
  }

  update(patch: Partial<StatusInputs>): void {
    const next = merge(this.inputs, patch)
    if (next.provider === 'connected' || next.socket === 'connected') next.everConnected = true
    this.inputs = next
    this.publish()
  }

  /**
   * A port for another document of the room: its connection and its unsaved edits count in the
   * one status the header shows ("All changes saved" only when every open document is stored).
   * detach() forgets it (the document was closed).
   */
  document(name: string): StatusPort & { detach(): void } {
    const initial: DocInputs = { provider: 'idle', synced: false, closed: null, local: new Map(), durable: null, persistent: false, everConnected: false }
    this.docs.set(name, initial)
    this.publish()
    return {
      update: (patch) => {
        const prev = this.docs.get(name)
        if (!prev) return
        const next = merge(prev, patch)
        // "Connecting…" until this document first connects, then "Reconnecting…".
        if (next.provider === 'connected') next.everConnected = true
        this.docs.set(name, next)
        this.publish()
      },
      getInputs: () => this.docs.get(name) ?? initial,
      showNotice: (body) => this.showNotice(body),
      detach: () => {
        if (this.docs.delete(name)) this.publish()
      },
    }
  }

  showNotice(body: ErrorBody): void {
    this.notice = { ...body, seq: ++this.seq }
    this.publish()
  }

  clearNotice = (seq: number): void => {
    if (this.notice?.seq !== seq) return
    this.notice = null
    this.publish()
  }

  private compute(): CollabStatus {
    // Each document is judged with the room's own facts (network, socket) and its own provider
    // and edits; the room shows the worst of them.
    const all = [this.inputs, ...[...this.docs.values()].map((d) => ({ ...this.inputs, ...d }))]
    let connection: ConnectionState = 'connected'
    let save: SaveState = 'saved'
    for (const i of all) {
      const c = deriveConnection(i)
      const s = deriveSave(i, c)
      if (CONNECTION_RANK[c] > CONNECTION_RANK[connection]) connection = c
      if (SAVE_RANK[s] > SAVE_RANK[save]) save = s
    }
    return {
      connection,
      save,
      closed: all.find((i) => i.closed)?.closed ?? null,
      persistent: all.every((i) => i.persistent),
      notice: this.notice,
    }
  }

  private publish(): void {
    const next = this.compute()
    const prev = this.snapshot
    if (
      prev.connection === next.connection &&
      prev.save === next.save &&
      prev.closed === next.closed &&
      prev.persistent === next.persistent &&
      prev.notice === next.notice
    ) {
      return
    }
    this.snapshot = next
    for (const l of this.listeners) l()
  }
}

export const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  closed: 'Disconnected',
}

export function saveLabel(status: Pick<CollabStatus, 'save' | 'persistent'>): string {
  switch (status.save) {
    case 'saved':
      return 'All changes saved'
    case 'saving':
      return 'Saving…'
    case 'unsaved-offline':
      return status.persistent
        ? 'Unsaved changes — offline, kept in this browser'
        : 'Unsaved changes — offline, keep this tab open'
  }
}
