import { z } from 'zod'
import { Language, LIMITS, ROLES, Role } from './protocol.ts'

export const RoomId = z.string().regex(/^[A-Za-z0-9_-]{8,32}$/, 'Room ids are 8–32 letters, digits, - or _')

export const CreateRoomBody = z
  .object({
    title: z.string().trim().min(1).max(LIMITS.title).optional(),
    language: Language.optional(),
  })
  .strict()
export type CreateRoomBody = z.infer<typeof CreateRoomBody>

export const Invites = z.object({ candidate: z.url(), interviewer: z.url(), observer: z.url() })
export const CreateRoomResponse = z.object({ id: RoomId, invites: Invites })
export type CreateRoomResponse = z.infer<typeof CreateRoomResponse>

export const RoomInfo = z.object({
  id: RoomId,
  title: z.string(),
  createdAt: z.number().int(),
  /** Changes only if the document is ever reset; clients drop local copies from another epoch. */
  epoch: z.string(),
})
export type RoomInfo = z.infer<typeof RoomInfo>

export const ParticipantId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/)
/** Control, format (zero-width, bidi overrides), private-use and line-separator characters, but not ZWJ (emoji sequences). */
const INVISIBLE = /(?!\u200D)[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}]/gu
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const VISIBLE = /[\p{L}\p{N}\p{S}\p{P}]/u
/** Words that would make a name pass for a role; roles are shown from the server's record only. */
const ROLE_WORDS = new RegExp(`^[^\\p{L}]*(the )?(${[...ROLES, 'host', 'admin', 'moderator'].join('|')})[^\\p{L}]*$`, 'iu')

/**
 * A participant's name as others see it: NFKC-normalized (full-width and compatibility forms
 * folded), invisible characters removed, whitespace collapsed. Refused: lone surrogates, names
 * with nothing visible, and names that are a role ("Interviewer", "the candidate").
 */
export const DisplayName = z
  .string()
  .max(LIMITS.displayName * 4)
  .refine((s) => !LONE_SURROGATE.test(s), 'The name contains invalid characters.')
  .transform((s) => s.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim())
  .pipe(
    z
      .string()
      .min(1)
      .max(LIMITS.displayName)
      .refine((s) => VISIBLE.test(s), 'The name needs at least one visible character.')
      .refine((s) => !ROLE_WORDS.test(s), 'A name cannot be a role (interviewer, candidate, observer).'),
  )

export const Participant = z.object({
  id: ParticipantId,
  name: z.string(),
  role: Role,
  color: z.string(),
  online: z.boolean(),
  lastSeenAt: z.number().int(),
})
export type Participant = z.infer<typeof Participant>

/** Palette for participants: distinct, readable on the dark editor theme. */
export const PARTICIPANT_COLORS = [
  '#f97316', '#22c55e', '#3b82f6', '#e11d48', '#a855f7', '#14b8a6', '#eab308', '#ec4899',
] as const

/** What an invite link opens, checked before the join form asks for a name (GET /api/rooms/:id/invite). */
export const InviteCheck = z.object({ roomId: RoomId, title: z.string(), role: Role })
export type InviteCheck = z.infer<typeof InviteCheck>
