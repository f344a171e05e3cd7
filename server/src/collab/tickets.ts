import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Role } from '@nudge/shared'

export interface TicketClaims {
  roomId: string
  role: Role
  participantId: string
  /** Display name at issue time: what the participant's cursor is labelled with. */
  name: string
  /** Expiry, ms since epoch. */
  exp: number
}

/**
 * Short-lived, signed tickets let a browser open the Yjs WebSocket without putting the room's
 * long-lived invite secret in a URL. Stateless (HMAC), so any node with the same secret accepts them.
 */
export class Tickets {
  private readonly key: Buffer
  constructor(secret: string | undefined, readonly ttlMs = 10 * 60_000) {
    this.key = secret ? Buffer.from(secret) : randomBytes(32)
  }

  issue(claims: Omit<TicketClaims, 'exp'>, now = Date.now()): { ticket: string; expiresAt: number } {
    const body: TicketClaims = { ...claims, exp: now + this.ttlMs }
    const payload = Buffer.from(JSON.stringify(body)).toString('base64url')
    return { ticket: `${payload}.${this.sign(payload)}`, expiresAt: body.exp }
  }

  verify(ticket: string, now = Date.now()): TicketClaims | null {
    const [payload, sig] = ticket.split('.')
    if (!payload || !sig || ticket.length > 1024) return null
    const expected = Buffer.from(this.sign(payload))
    const given = Buffer.from(sig)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as TicketClaims
      return typeof claims.exp === 'number' && claims.exp > now ? claims : null
    } catch {
      return null
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url')
  }
}
