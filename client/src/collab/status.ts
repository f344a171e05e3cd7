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
export class StatusStore {
  private inputs: StatusInputs
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
    const next = { ...this.inputs, ...patch }
    if (patch.durable) next.durable = this.inputs.durable ? mergeMax(this.inputs.durable, patch.durable) : patch.durable
    if (next.provider === 'connected' || next.socket === 'connected') next.everConnected = true
    this.inputs = next
    this.publish()
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
    const connection = deriveConnection(this.inputs)
    return {
      connection,
      save: deriveSave(this.inputs, connection),
      closed: this.inputs.closed,
      persistent: this.inputs.persistent,
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
