import type { ErrorCode } from './errors.ts'

/**
 * How the server ends or refuses a realtime connection — every case it really produces, and
 * nothing else. The server's types only accept these; the client maps each one to what it does
 * and tells the user (client/src/collab/messages.ts, client/src/realtime/socket.ts), and
 * tests/integration/close-codes.test.ts checks that the server sends nothing outside them.
 */

/**
 * 1. Close codes of the Yjs endpoint, on a WebSocket that was open. 4400–4499 tell the stock
 * provider not to reconnect (a decision retrying can't fix); they mirror HTTP statuses. Refusals
 * of credentials are not here: those happen at the upgrade (2.), before any WebSocket exists.
 */
export const CLOSE = {
  /** The server is shutting down or restarting; reconnect (to another node) shortly. */
  goingAway: 1001,
  /** A frame over the endpoint's frame limit (LIMITS.yjsFrameBytes); sent by `ws` itself. */
  messageTooBig: 1009,
  /** A frame could not be decoded as a y-websocket message. */
  malformed: 4400,
  /** The room was deleted while connected. */
  notFound: 4404,
  /**
   * The client sent Yjs updates whose dependencies never arrived, past the per-document bound on
   * such pending state (bytes or structs). The server dropped that pending state; the client's
   * copy no longer matches, so it must reload (422: understood but cannot be applied).
   */
  unresolvable: 4422,
  /** The room could not be loaded from storage; reconnect later. */
  unavailable: 4503,
  /**
   * Slow consumer: more bytes were queued for this connection than its bound (the client stopped
   * reading). 45xx means "retry": the client reconnects and resyncs from its state vector.
   */
  slowConsumer: 4508,
} as const
export type CloseName = keyof typeof CLOSE
export type CloseCode = (typeof CLOSE)[CloseName]

/**
 * 2. Refusals of a Yjs endpoint upgrade: a plain HTTP response with this status and an
 * `ErrorBody` of this code. A browser never sees them (its WebSocket just closes with 1006), so
 * the same URL answers a plain GET with what the upgrade would get: 204, or this status and body.
 */
export const YJS_REFUSALS = {
  /** Missing, invalid or expired ticket (or invite secret): get a fresh ticket and retry. */
  UNAUTHORIZED: 401,
  /** The page's origin is not allowed, or the ticket belongs to another room. */
  FORBIDDEN: 403,
  /** No such room or document (the room was deleted, or the address is wrong). */
  NOT_FOUND: 404,
  /** The server is shutting down (another node, or this one restarted, will accept). */
  UNAVAILABLE: 503,
  /** An unexpected failure while checking the credentials. */
  INTERNAL: 500,
} as const satisfies Partial<Record<ErrorCode, number>>
export type YjsRefusal = keyof typeof YJS_REFUSALS

/**
 * 3. Refusals of a Socket.IO connection by the handshake middleware: `connect_error` with
 * `data: ErrorBody` of one of these codes. (A connected socket is only ever ended by the server
 * with `io server disconnect`: shutdown, the room deleted, or its arrival failing to record.)
 */
export const HANDSHAKE_REFUSALS = {
  /** Missing, malformed or revoked invite secret. */
  UNAUTHORIZED: 401,
  /** The invite belongs to another room. */
  FORBIDDEN: 403,
  /** The room does not exist (deleted, or a wrong link). */
  NOT_FOUND: 404,
  /** The room has reached its participant limit. */
  TOO_LARGE: 413,
  /** The client's protocol is older than the server accepts: reload. */
  PROTOCOL_TOO_OLD: 426,
  /** This invite is open in too many tabs (SEAT_MAX_CONNECTIONS). */
  RATE_LIMITED: 429,
  /** An unexpected failure (storage unreachable, a bug); retried. */
  INTERNAL: 500,
} as const satisfies Partial<Record<ErrorCode, number>>
export type HandshakeRefusal = keyof typeof HANDSHAKE_REFUSALS

export const isYjsRefusal = (code: string): code is YjsRefusal => Object.hasOwn(YJS_REFUSALS, code)
export const isHandshakeRefusal = (code: string): code is HandshakeRefusal => Object.hasOwn(HANDSHAKE_REFUSALS, code)
