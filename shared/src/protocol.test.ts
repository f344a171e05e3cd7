import { describe, expect, it } from 'vitest'
import { AppError, ERRORS, ErrorCode, ackSchema } from './errors.ts'
import { HandshakeAuth, clientCommands, commandAck } from './events.ts'
import { CreateRoomBody, RoomId } from './rooms.ts'
import { z } from 'zod'

describe('wire protocol schemas', () => {
  it('accepts an empty or partial room body and rejects unknown fields and bad values', () => {
    expect(CreateRoomBody.parse({})).toEqual({})
    expect(CreateRoomBody.parse({ title: '  Graphs  ', language: 'go' })).toEqual({ title: 'Graphs', language: 'go' })
    expect(CreateRoomBody.safeParse({ language: 'cobol' }).success).toBe(false)
    expect(CreateRoomBody.safeParse({ title: '' }).success).toBe(false)
    expect(CreateRoomBody.safeParse({ title: 'x'.repeat(121) }).success).toBe(false)
    expect(CreateRoomBody.safeParse({ extra: 1 }).success).toBe(false)
  })

  it('validates room ids and handshake auth', () => {
    expect(RoomId.safeParse('abcDEF12_-').success).toBe(true)
    expect(RoomId.safeParse('../etc').success).toBe(false)
    const ok = { roomId: 'abcdefgh12', token: 'x'.repeat(43), participantId: 'participant1', name: 'Ada', protocol: 1 }
    expect(HandshakeAuth.parse(ok)).toEqual(ok)
    expect(HandshakeAuth.safeParse({ ...ok, name: '   ' }).success).toBe(false)
    expect(HandshakeAuth.safeParse({ ...ok, token: 'short' }).success).toBe(false)
  })

  it('has a schema for every command payload and result, and acks parse both shapes', () => {
    for (const [name, def] of Object.entries(clientCommands)) {
      expect(def.payload, name).toBeInstanceOf(z.ZodType)
      expect(def.result, name).toBeInstanceOf(z.ZodType)
    }
    const ack = commandAck('clock:ping')
    expect(ack.parse({ ok: true, data: { clientSentAt: 1, serverNow: 2 } }).ok).toBe(true)
    expect(ack.safeParse({ ok: true, data: { clientSentAt: 'x' } }).success).toBe(false)
    expect(ackSchema(z.number()).parse({ ok: false, error: { code: 'FORBIDDEN', message: 'no' } })).toEqual({
      ok: false, error: { code: 'FORBIDDEN', message: 'no' },
    })
  })

  it('maps every error code to a message and an HTTP status', () => {
    for (const code of ErrorCode.options) {
      expect(ERRORS[code].status).toBeGreaterThanOrEqual(400)
      const e = new AppError(code)
      expect(e.toBody()).toEqual({ code, message: ERRORS[code].message })
    }
  })
})
