import * as decoding from 'lib0/decoding'
import type * as encoding from 'lib0/encoding'
import * as authProtocol from 'y-protocols/auth'
import * as Y from 'yjs'
import { CLOSE, ERRORS, ErrorBody, YMSG } from '@nudge/shared'
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

/** What to tell the user when the Yjs endpoint closes the connection for good (4400–4499). */
export function closeMessage(code: number, reason: string): string {
  switch (code) {
    case CLOSE.unauthorized:
      return 'This invite link is no longer valid. Ask the host for a new one.'
    case CLOSE.forbidden:
      return 'This link does not give access to this room.'
    case CLOSE.notFound:
      return 'This room does not exist any more.'
    case CLOSE.tooLarge:
      return 'The document is over its size limit, so the editor stopped syncing. Reload to continue.'
    case CLOSE.upgradeRequired:
      return 'Nudge was updated. Reload the page to continue.'
    case CLOSE.rateLimited:
      return 'Too many connections or messages. Wait a moment, then reload.'
    case CLOSE.unresolvable:
      return 'This browser sent edits that depend on changes the server never received. Reload the page.'
    case CLOSE.slowConsumer:
      return 'The connection fell behind; reconnecting.'
    case CLOSE.malformed:
      return 'The server could not read a message from this browser. Reload the page.'
    default:
      return reason || `The connection was closed (code ${code}).`
  }
}

/** Permanent by y-websocket's convention: the server decided and retrying cannot fix it. */
export const isPermanentClose = (code: number): boolean => code >= 4400 && code < 4500
