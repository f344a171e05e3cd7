import { describe, expect, it } from 'vitest'
import { ERRORS, HANDSHAKE_REFUSALS, type HandshakeRefusal } from '@nudge/shared'
import { HANDSHAKE_HANDLING, fatalMessage, isFatalHandshake } from './socket.ts'

describe('Socket.IO handshake refusals (#14.20)', () => {
  const codes = Object.keys(HANDSHAKE_REFUSALS) as HandshakeRefusal[]

  it('handles exactly the refusals the server sends, each with its own message', () => {
    expect(Object.keys(HANDSHAKE_HANDLING).sort()).toEqual([...codes].sort())
    for (const code of codes) {
      expect(HANDSHAKE_REFUSALS[code], code).toBe(ERRORS[code].status)
      const message = HANDSHAKE_HANDLING[code].message({ code, message: 'From the server.' })
      expect(message.length, code).toBeGreaterThan(10)
    }
    const fatal = codes.filter(isFatalHandshake).sort()
    expect(fatal).toEqual(['FORBIDDEN', 'NOT_FOUND', 'PROTOCOL_TOO_OLD', 'TOO_LARGE', 'UNAUTHORIZED'])
  })

  it('never treats a code the handshake does not send as fatal', () => {
    expect(isFatalHandshake('BAD_REQUEST')).toBe(false)
    expect(isFatalHandshake('CONFLICT')).toBe(false)
    // The invite check shares the message of a fatal refusal, and keeps the server's otherwise.
    expect(fatalMessage({ code: 'UNAUTHORIZED', message: 'x' })).toContain('This invite link is not valid')
    expect(fatalMessage({ code: 'RATE_LIMITED', message: 'Slow down.' })).toBe('Slow down.')
  })
})
