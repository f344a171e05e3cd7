import { z } from 'zod'

/**
 * The one registry of error codes. Each code maps to the message shown to users and the HTTP
 * status used when it surfaces over HTTP. Internal errors never expose their own message.
 */
export const ERRORS = {
  /** The payload did not match the command's schema. */
  BAD_REQUEST: { status: 400, message: 'The request is invalid.' },
  /** No valid invite secret or ticket was presented. */
  UNAUTHORIZED: { status: 401, message: 'This invite link is not valid.' },
  /** The sender's role in this room does not allow the action. */
  FORBIDDEN: { status: 403, message: 'Your role in this room does not allow that.' },
  /** Room, question or record not found. */
  NOT_FOUND: { status: 404, message: 'Not found.' },
  /** The action conflicts with the current state (e.g. clock already running). */
  CONFLICT: { status: 409, message: 'That action does not fit the current state.' },
  /** Payload or document over its size limit. */
  TOO_LARGE: { status: 413, message: 'That is too large.' },
  /** The client speaks an older protocol and must reload. */
  PROTOCOL_TOO_OLD: { status: 426, message: 'Nudge was updated. Reload the page.' },
  /** Too many requests. */
  RATE_LIMITED: { status: 429, message: 'Too many requests. Slow down a little.' },
  /** Anything unexpected; details go to the server log only. */
  INTERNAL: { status: 500, message: 'Something went wrong on the server.' },
  /** Storage is unreachable right now. */
  UNAVAILABLE: { status: 503, message: 'The server cannot reach its storage right now.' },
} as const

export type ErrorCode = keyof typeof ERRORS
export const ErrorCode = z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]])

export const ErrorBody = z.object({ code: ErrorCode, message: z.string() })
export type ErrorBody = z.infer<typeof ErrorBody>

/** Every client command is acknowledged with this envelope. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody }
export const ackSchema = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: ErrorBody }),
  ])

export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  constructor(code: ErrorCode, message?: string) {
    super(message ?? ERRORS[code].message)
    this.name = 'AppError'
    this.code = code
    this.status = ERRORS[code].status
  }
  toBody(): ErrorBody {
    return { code: this.code, message: this.message }
  }
}
