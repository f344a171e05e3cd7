import type * as Y from 'yjs'

/** What the workload needs from a document connection, whatever client library is behind it. */
export interface DocClient {
  /** The client's document; null for a doc-less raw observer that only reads the stream. */
  readonly doc: Y.Doc | null
  /** The id this client's awareness entries carry (its document's clientID). */
  readonly clientId: number
  /** Resolves once the current connection has completed its first sync. */
  synced(): Promise<void>
  /** Sets this client's awareness state and sends it (like y-protocols' setLocalState). */
  setAwareness(state: Record<string, unknown>): void
  /** Called for each remote awareness entry; `state()` decodes it only when asked. */
  onAwareness: ((clientId: number, state: () => unknown) => void) | null
  /**
   * Called with each remote update right after the document applied it. Raw clients call it
   * directly, so the document need not re-encode every update for an 'update' listener.
   */
  onRemoteUpdate: ((update: Uint8Array) => void) | null
  /** Nudge's durable state vector (message type 100), raw clients with `nudge=1` only. */
  onDurable: ((sv: Map<number, number>) => void) | null
  /** Drops the connection (a network blip); `connect()` opens a new one. */
  disconnect(): void
  connect(): void
  destroy(): void
}

export interface ClientEvents {
  /** A protocol-level problem: refused edit, notice, unexpected close, socket error. */
  error(what: string): void
}
