/**
 * Messages between the benchmark orchestrator (run.ts) and its load-generator worker processes
 * (worker.ts). Worker processes are forked with `serialization: 'advanced'`, so typed arrays of
 * samples cross the channel without JSON.
 */

export type ServerKind = 'nudge' | 'y-websocket' | 'hocuspocus'
export const SERVER_KINDS: readonly ServerKind[] = ['nudge', 'y-websocket', 'hocuspocus']

/** `raw`: our lean y-websocket protocol client (Hocuspocus keeps its own provider); `provider`: stock providers everywhere. */
export type ClientMode = 'raw' | 'provider'

export interface Workload {
  /** Average characters per second the candidate types, in bursts. */
  typingCps: number
  /** Interviewer cursor (awareness) updates per second. */
  cursorHz: number
  /** Mean seconds between two hints of one interviewer (exponential). */
  hintEveryS: number
  /** Share of rooms that also have a read-only observer, 0–1. */
  observerRatio: number
  /** Awareness renewal period of every client (y-protocols renews local state every 15 s). */
  awarenessRenewS: number
}

export interface ServerTarget {
  kind: ServerKind
  /** http://127.0.0.1:port */
  url: string
  wsUrl: string
  /** Scaled mode: another node of the same cluster, where the interviewer, observer and probes connect. */
  peerWsUrl?: string
}

export interface RoomSpec {
  id: string
  /** Invite secrets per role (Nudge only). */
  tokens?: { candidate: string; interviewer: string; observer: string }
  observer: boolean
}

export type ToWorker =
  | { t: 'config'; id: number; target: ServerTarget; workload: Workload; clients: ClientMode }
  | { t: 'add'; id: number; rooms: RoomSpec[]; concurrency: number }
  | { t: 'activate'; id: number }
  | { t: 'measure:start'; id: number; resyncProbes: number; resyncOfflineMs: number }
  | { t: 'measure:stop'; id: number; graceMs: number }
  | { t: 'quiesce'; id: number }
  | { t: 'close-all'; id: number }
  | { t: 'cold-load'; id: number; rooms: RoomSpec[] }
  | { t: 'exit'; id: number }

export interface WindowResult {
  /** Edit propagation candidate → interviewer, ms, one sample per keystroke sent in the window. */
  edit: Float64Array
  /** Interviewer cursor → candidate, ms. */
  awareness: Float64Array
  /** Hint (Socket.IO) interviewer → candidate, ms. */
  hint: Float64Array
  /** Keystroke applied at the candidate → durable ack (message type 100) covering it, ms (Nudge). */
  durable: Float64Array
  /** Reconnecting client: new connection → document synced again, ms. */
  resync: Float64Array
  keystrokesSent: number
  keystrokesReceived: number
  hintsSent: number
  hintsReceived: number
  errors: number
  errorSamples: string[]
  /** Event-loop delay of this worker during the window, ms. */
  loopP99: number
  /** Server → client messages the raw clients received in the window, by type. */
  received: { sync: number; awareness: number; durable: number; other: number }
}

export interface ColdLoadResult {
  cold: Float64Array
  warm: Float64Array
  errors: number
}

export type FromWorker =
  | { t: 'ok'; id: number; result?: unknown }
  | { t: 'error'; id: number; message: string }
