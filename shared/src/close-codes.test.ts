import { describe, expect, it } from 'vitest'
import { CLOSE, ERRORS, HANDSHAKE_REFUSALS, YJS_REFUSALS, isHandshakeRefusal, isYjsRefusal } from './index.ts'

describe('the one list of how realtime connections end (#14.20)', () => {
  it('gives each refusal the HTTP status of its error code', () => {
    for (const [code, status] of Object.entries({ ...YJS_REFUSALS, ...HANDSHAKE_REFUSALS })) {
      expect(status, code).toBe(ERRORS[code as keyof typeof ERRORS].status)
    }
  })

  it('has distinct close codes, and no 44xx for what the upgrade already refuses', () => {
    const codes = Object.values(CLOSE)
    expect(new Set(codes).size).toBe(codes.length)
    for (const never of [4401, 4403, 4413, 4426, 4429]) expect(codes).not.toContain(never)
  })

  it('recognises only its own codes, not inherited property names', () => {
    expect(isYjsRefusal('NOT_FOUND')).toBe(true)
    expect(isYjsRefusal('TOO_LARGE')).toBe(false)
    expect(isYjsRefusal('toString')).toBe(false)
    expect(isHandshakeRefusal('PROTOCOL_TOO_OLD')).toBe(true)
    expect(isHandshakeRefusal('CONFLICT')).toBe(false)
  })
})
