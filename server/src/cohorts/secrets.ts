import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { hashToken } from '../rooms/invites.ts'

/**
 * A cohort's secrets. The organizer secret is random and stored only as a hash. Student links and
 * the invites of the rooms a session creates are derived from the cohort's random `linkKey`
 * (HMAC), so the organizer can show a student's link again and a personal link can lead into a
 * room without any invite secret being stored; only their hashes are (like every invite).
 */
export const newSecret = (): string => randomBytes(32).toString('base64url')
export const newLinkKey = (): string => randomBytes(32).toString('base64url')

/** A secret derived from a key for one purpose (cohort and loop links, their rooms' invites). */
export const derivedSecret = (linkKey: string, purpose: string) => createHmac('sha256', linkKey).update(purpose).digest('base64url')

export const studentSecret = (linkKey: string, studentId: string) => derivedSecret(linkKey, `student:${studentId}`)

/** The labels of a cohort room's invites: three seats and the organizer's own observer invite. */
export type InviteLabel = 'interviewer' | 'candidate' | 'observer' | 'organizer'
export const roomSecret = (linkKey: string, roomId: string, label: InviteLabel) => derivedSecret(linkKey, `room:${roomId}:${label}`)

/** Constant-time comparison of a presented secret with a stored hash (hashing first equalizes lengths). */
export function matchesHash(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashToken(secret), 'hex')
  const b = Buffer.from(storedHash, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}
