import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YMSG, type ErrorBody } from '@nudge/shared'
import { closeMessage, isPermanentClose, nudgeMessageHandlers } from './messages.ts'
import type { StateVector } from './stateVectors.ts'

/** Builds a frame the way the server does and returns the decoder positioned after the type. */
function frame(type: number, write: (e: encoding.Encoder) => void): decoding.Decoder {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, type)
  write(e)
  const d = decoding.createDecoder(encoding.toUint8Array(e))
  expect(decoding.readVarUint(d)).toBe(type)
  return d
}

function setup() {
  const doc = new Y.Doc()
  const durable: StateVector[] = []
  const notices: ErrorBody[] = []
  const handlers = nudgeMessageHandlers(doc, { durable: (sv) => durable.push(sv), notice: (n) => notices.push(n) })
  return { doc, durable, notices, handlers, enc: encoding.createEncoder() }
}

describe('Nudge y-websocket message handlers', () => {
  it('decodes the durable state vector', () => {
    const { handlers, durable, enc } = setup()
    const server = new Y.Doc()
    server.getText('code').insert(0, 'stored')
    handlers[YMSG.durable]!(enc, frame(YMSG.durable, (e) => encoding.writeVarUint8Array(e, Y.encodeStateVector(server))))
    expect(durable).toEqual([new Map([[server.clientID, 6]])])
    expect(encoding.length(enc)).toBe(0) // nothing is sent back
  })

  it('decodes a notice and falls back on unknown codes', () => {
    const { handlers, notices, enc } = setup()
    const notice = { code: 'FORBIDDEN', message: 'You are observing: the editor is read-only.' }
    handlers[YMSG.notice]!(enc, frame(YMSG.notice, (e) => encoding.writeVarString(e, JSON.stringify(notice))))
    handlers[YMSG.notice]!(enc, frame(YMSG.notice, (e) => encoding.writeVarString(e, '{"code":"WHAT","message":"x"}')))
    expect(notices[0]).toEqual(notice)
    expect(notices[1]!.code).toBe('INTERNAL')
  })

  it('surfaces "permission denied" instead of only logging it', () => {
    const { handlers, notices, enc } = setup()
    handlers[YMSG.auth]!(enc, frame(YMSG.auth, (e) => {
      encoding.writeVarUint(e, 0)
      encoding.writeVarString(e, 'read-only')
    }))
    expect(notices).toEqual([{ code: 'FORBIDDEN', message: 'read-only' }])
  })

  it('turns a truncated frame into a notice rather than an exception', () => {
    const { handlers, notices, enc } = setup()
    expect(() => handlers[YMSG.durable]!(enc, frame(YMSG.durable, (e) => encoding.writeVarUint(e, 50)))).not.toThrow()
    expect(notices[0]!.code).toBe('BAD_REQUEST')
  })
})

describe('close codes', () => {
  it('treats 4400–4499 as permanent and explains them', () => {
    expect(isPermanentClose(4401)).toBe(true)
    expect(isPermanentClose(4503)).toBe(false)
    expect(isPermanentClose(1006)).toBe(false)
    expect(closeMessage(4401, '')).toMatch(/invite link/)
    expect(closeMessage(4404, '')).toMatch(/does not exist/)
    expect(closeMessage(4426, '')).toMatch(/Reload/)
    expect(closeMessage(4499, 'custom reason')).toBe('custom reason')
  })
})
