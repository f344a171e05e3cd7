import { createHash, randomBytes } from 'node:crypto'

/** Invite secrets are stored hashed (sha256); the secret itself never reaches storage or logs. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')
/**
 * The stable, non-secret identity of an invite ("seat"): derived from the stored hash so it cannot
 * be used to look the invite up. Survives role swaps; used for private Socket.IO rooms and to
 * match a past round's private data to whoever held the role in that round.
 */
export const seatOf = (tokenHash: string): string => createHash('sha256').update(`seat:${tokenHash}`).digest('base64url').slice(0, 22)
/** 32 random bytes: 256 bits of entropy, URL-safe. */
export const newSecret = (): string => randomBytes(32).toString('base64url')
export const newRoomId = (): string => randomBytes(9).toString('base64url')
