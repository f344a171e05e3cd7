import { z } from 'zod'
import { LANGUAGES } from './basics.ts'

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

export { LANGUAGES, LANGUAGE_LABELS, LIMITS } from './basics.ts'
export const Language = z.enum(LANGUAGES)
export type Language = z.infer<typeof Language>

/**
 * Names of the shared types inside a room's Y.Doc. The editor's text is `code`; the `meta` map
 * holds the language, synced for everyone.
 */
export const DOC = { text: 'code', meta: 'meta' } as const

/**
 * The named Yjs documents of a room. `code` is the editor (y-websocket path `/yjs/<roomId>`);
 * `board` is the whiteboard (`/yjs/<roomId>/board`). Each has its own update log, snapshots,
 * durable acknowledgements and relay, through the same server code.
 */
export const DOC_NAMES = ['code', 'board'] as const
export const DocName = z.enum(DOC_NAMES)
export type DocName = z.infer<typeof DocName>

/**
 * Shared types inside the `board` document. `elements` maps an Excalidraw element id to the
 * element as a plain JSON object; `files` maps a file id to Excalidraw's BinaryFileData (images).
 */
export const BOARD = { elements: 'elements', files: 'files' } as const

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

