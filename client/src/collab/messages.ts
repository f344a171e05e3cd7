import * as decoding from 'lib0/decoding'
import type * as encoding from 'lib0/encoding'
import * as authProtocol from 'y-protocols/auth'
import * as Y from 'yjs'
import { CLOSE, ERRORS, ErrorBody, YMSG, type CloseName, type YjsRefusal } from '@nudge/shared'
import type { StateVector } from './stateVectors.ts'

/** Where decoded Nudge messages go; the session forwards them to its StatusStore. */
export interface NudgeMessageSink {
  durable(sv: StateVector): void
  notice(body: ErrorBody): void
}

type Handler = (encoder: encoding.Encoder, decoder: decoding.Decoder) => void

/**
 * Handlers for the message types the server only sends to `nudge=1` connections, plus the
 * standard auth message (the stock provider would only console.warn a "permission denied").
 * Decoding errors are reported as a notice instead of throwing inside the socket's onmessage.
 */
export function nudgeMessageHandlers(doc: Y.Doc, sink: NudgeMessageSink): Record<number, Handler> {
  const guard = (fn: (d: decoding.Decoder) => void): Handler => (_enc, dec) => {
    try {
      fn(dec)
    } catch {
      sink.notice({ code: 'BAD_REQUEST', message: 'Received a message this version of Nudge cannot read.' })
    }
  }
  return {
    [YMSG.durable]: guard((d) => sink.durable(Y.decodeStateVector(decoding.readVarUint8Array(d)))),
    [YMSG.notice]: guard((d) => {
      const parsed = ErrorBody.safeParse(JSON.parse(decoding.readVarString(d)))
      sink.notice(parsed.success ? parsed.data : { code: 'INTERNAL', message: ERRORS.INTERNAL.message })
    }),
    [YMSG.auth]: guard((d) =>
      authProtocol.readAuthMessage(d, doc, (_doc, reason) =>
        sink.notice({ code: 'FORBIDDEN', message: reason || ERRORS.FORBIDDEN.message }),
      ),
    ),
  }
}

/**
 * What the client does and says for each close code the Yjs endpoint sends (shared CLOSE, and
 * only those). `permanent` stops reconnecting (y-websocket's convention: 4400–4499); the others
 * reconnect, and their message is shown as a notice meanwhile.
 */
export const CLOSE_HANDLING: Record<CloseName, { permanent: boolean; message: string }> = {
  goingAway: { permanent: false, message: 'The server is restarting; reconnecting…' },
  messageTooBig: { permanent: false, message: 'That change was too large to send.' },
  malformed: { permanent: true, message: 'The server could not read a message from this browser. Reload the page.' },
  notFound: { permanent: true, message: 'This room does not exist any more.' },
  unresolvable: { permanent: true, message: 'This browser sent edits that depend on changes the server never received. Reload the page.' },
  unavailable: { permanent: false, message: 'The room could not be loaded from storage; retrying…' },
  slowConsumer: { permanent: false, message: 'The connection fell behind; reconnecting…' },
}

const BY_CODE = new Map<number, { permanent: boolean; message: string }>(
  (Object.keys(CLOSE) as CloseName[]).map((name) => [CLOSE[name], CLOSE_HANDLING[name]]),
)

/** How a close with `code` is handled; null for codes the server never sends (1006: the network). */
export const closeHandling = (code: number) => BY_CODE.get(code) ?? null

/** What to tell the user when the connection closed with `code`. */
export function closeMessage(code: number, reason: string): string {
  return closeHandling(code)?.message ?? (reason || `The connection was closed (code ${code}).`)
}

/** Whether reconnecting is pointless: only the server's own permanent codes. */
export const isPermanentClose = (code: number): boolean => closeHandling(code)?.permanent ?? false

/**
 * What the client does for each refusal of the Yjs upgrade (shared YJS_REFUSALS), which a
 * browser learns by fetching the endpoint's address after a WebSocket closed unopened:
 * `new-ticket` asks for a fresh ticket, `retry` keeps reconnecting, `stop` ends the editor's sync.
 */
export const REFUSAL_HANDLING: Record<YjsRefusal, { action: 'new-ticket' | 'retry' | 'stop'; message: string }> = {
  UNAUTHORIZED: { action: 'new-ticket', message: 'The editor\'s access ticket expired; getting a new one.' },
  FORBIDDEN: { action: 'stop', message: 'This page may not open the room\'s documents (its address or ticket does not match). Reload the page.' },
  NOT_FOUND: { action: 'stop', message: 'This room does not exist any more.' },
  UNAVAILABLE: { action: 'retry', message: 'The server is restarting; reconnecting…' },
  INTERNAL: { action: 'retry', message: 'The server had a problem opening the document; retrying…' },
}
