import { createHmac } from 'node:crypto'
import type { CallConfig } from '@nudge/shared'
import type { TurnConfig } from '../config.ts'

/**
 * TURN REST credentials (draft-uberti-behave-turn-rest, coturn `use-auth-secret`): the username
 * is `<unix expiry>:<id>`, the password base64(HMAC-SHA1(secret, username)). coturn recomputes
 * it from its `static-auth-secret`, so Nudge and coturn share nothing else and store nothing.
 */
export function turnCredential(secret: string, id: string, expiresAtSeconds: number): { username: string; credential: string } {
  const username = `${expiresAtSeconds}:${id}`
  const credential = createHmac('sha1', secret).update(username).digest('base64')
  return { username, credential }
}

/**
 * The ICE servers one participant gets. STUN-only URLs need no credential; turn(s): URLs get a
 * credential for this participant that expires after `ttlSeconds`. Without a secret the TURN
 * URLs are left out (they would only fail) and the client is told calls need a shared network.
 */
export function iceConfigFor(turn: TurnConfig, participantId: string, nowMs: number): CallConfig {
  const stun = turn.urls.filter((u) => u.startsWith('stun:'))
  const relays = turn.urls.filter((u) => !u.startsWith('stun:'))
  const iceServers: CallConfig['iceServers'] = []
  if (stun.length) iceServers.push({ urls: stun })
  if (relays.length && turn.secret) {
    const expires = Math.floor(nowMs / 1000) + turn.ttlSeconds
    iceServers.push({ urls: relays, ...turnCredential(turn.secret, participantId, expires) })
    return { iceServers, relay: true, expiresAt: expires * 1000 }
  }
  return { iceServers, relay: false, expiresAt: null }
}
