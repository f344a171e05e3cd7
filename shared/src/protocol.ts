import { z } from 'zod'

/**
 * Version of the wire protocol (Socket.IO events and the custom Yjs message types).
 * Bump it when a change is not backwards compatible; the server refuses clients whose
 * version is below MIN_CLIENT_PROTOCOL_VERSION and tells them to reload.
 */
export const PROTOCOL_VERSION = 1
export const MIN_CLIENT_PROTOCOL_VERSION = 1

export const ROLES = ['candidate', 'interviewer', 'observer'] as const
export const Role = z.enum(ROLES)
export type Role = z.infer<typeof Role>

/** Roles allowed to change the shared document. Observers are read-only everywhere. */
export const canEditDocument = (role: Role): boolean => role !== 'observer'

export const LANGUAGES = ['javascript', 'typescript', 'python', 'java', 'cpp', 'go'] as const
export const Language = z.enum(LANGUAGES)
export type Language = z.infer<typeof Language>

export const LANGUAGE_LABELS: Record<Language, string> = {
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  python: 'Python',
  java: 'Java',
  cpp: 'C++',
  go: 'Go',
}

/** Limits shared by server and client so the client can refuse before sending. */
export const LIMITS = {
  /** Max bytes of one Yjs WebSocket frame. Larger frames are closed with 1009. */
  yjsFrameBytes: 1024 * 1024,
  /** Max encoded size of a room's document; edits beyond it are refused. */
  documentBytes: 2 * 1024 * 1024,
  /** Max bytes of one Socket.IO packet (engine.io maxHttpBufferSize). */
  socketPacketBytes: 64 * 1024,
  /** Max awareness states per room and bytes per awareness state. */
  awarenessStatesPerRoom: 64,
  awarenessStateBytes: 4 * 1024,
  displayName: 40,
  title: 120,
  /**
   * Room commands (Socket.IO) per connection: a bucket of `commandBurst` refilled at
   * `commandsPerSecond`. People click far slower; a runaway script gets RATE_LIMITED answers.
   */
  commandsPerSecond: 20,
  commandBurst: 60,
  /**
   * Room commands per seat (invite link) over all its connections on a node, so opening more
   * connections with one link does not multiply the budget (issue 15, finding 6).
   */
  seatCommandsPerSecond: 30,
  seatCommandBurst: 90,
} as const

/**
 * Names of the shared types inside a room's Y.Doc. The editor's text is `code`; the `meta` map
 * holds the language, synced for everyone.
 */
export const DOC = { text: 'code', meta: 'meta' } as const

/**
 * Custom y-websocket message types. Types 0–3 are the standard ones (sync, awareness, auth,
 * query-awareness). These are only sent to connections that opt in with the `nudge=1` URL
 * parameter, so the stock WebsocketProvider never receives a type it does not know.
 */
export const YMSG = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** server → client: the state vector of what is stored durably (varUint8Array). */
  durable: 100,
  /** server → client: a JSON-encoded {code, message} notice about this connection. */
  notice: 101,
} as const

/**
 * WebSocket close codes. 4400–4499 tell the stock provider not to reconnect (a deliberate
 * decision that retrying can't fix); they mirror HTTP statuses.
 */
export const CLOSE = {
  /** The server is shutting down; reconnect (to another node) shortly. */
  goingAway: 1001,
  /** A frame could not be decoded as a y-websocket message. */
  malformed: 4400,
  /** Missing, wrong or expired credentials. */
  unauthorized: 4401,
  /** Valid credentials but not for this room. */
  forbidden: 4403,
  /** The room does not exist. */
  notFound: 4404,
  /** Document or frame over the size limit. */
  tooLarge: 4413,
  /**
   * The client sent Yjs updates whose dependencies never arrived, past the per-document bound on
   * such pending state (bytes or structs). The server dropped that pending state; the client's
   * copy no longer matches, so it must reload (422: understood but cannot be applied).
   */
  unresolvable: 4422,
  /** Client protocol too old; reload the page. */
  upgradeRequired: 4426,
  /** Too many connections or messages. */
  rateLimited: 4429,
  /** The room could not be loaded from storage; retry later. */
  unavailable: 4503,
  /**
   * Slow consumer: more bytes were queued for this connection than its bound (the client stopped
   * reading). 45xx means "retry": the client reconnects and resyncs from its state vector.
   */
  slowConsumer: 4508,
} as const
