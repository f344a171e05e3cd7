import { describe, expect, it } from 'vitest'
import { iceConfigFor, turnCredential } from './turn.ts'

describe('TURN REST credentials', () => {
  it('match a vector computed independently', () => {
    // printf '%s' '1700000000:alice' | openssl dgst -sha1 -hmac 'north-south-secret' -binary | base64
    expect(turnCredential('north-south-secret', 'alice', 1_700_000_000)).toEqual({
      username: '1700000000:alice',
      credential: 'e8Yf2KHoY0RNSy3DAXf4AXwA97U=',
    })
  })

  it('gives relay credentials that expire after the TTL, and STUN without any', () => {
    const c = iceConfigFor({ urls: ['stun:t.example:3478', 'turn:t.example:3478?transport=udp'], secret: 's'.repeat(20), ttlSeconds: 600 }, 'pid12345', 1_000_000)
    expect(c.relay).toBe(true)
    expect(c.expiresAt).toBe((1000 + 600) * 1000)
    expect(c.iceServers[0]).toEqual({ urls: ['stun:t.example:3478'] })
    expect(c.iceServers[1]!.username).toBe('1600:pid12345')
  })

  it('leaves TURN out without a secret, and says so', () => {
    const c = iceConfigFor({ urls: ['turn:t.example:3478'], ttlSeconds: 600 }, 'pid12345', 0)
    expect(c).toEqual({ iceServers: [], relay: false, expiresAt: null })
  })
})
