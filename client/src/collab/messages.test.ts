import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CLOSE, YJS_REFUSALS, YMSG, type CloseName, type ErrorBody, type YjsRefusal } from '@nudge/shared'
import { CLOSE_HANDLING, REFUSAL_HANDLING, closeHandling, closeMessage, isPermanentClose, nudgeMessageHandlers } from './messages.ts'
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

describe('close codes and upgrade refusals (#14.20)', () => {
  it('handles every close code the server sends with its own message, and permanence as the stock provider does', () => {
    for (const name of Object.keys(CLOSE) as CloseName[]) {
      const code = CLOSE[name]
      const handling = closeHandling(code)
      expect(handling, name).toBe(CLOSE_HANDLING[name])
      expect(closeMessage(code, '')).toBe(CLOSE_HANDLING[name].message)
      expect(closeMessage(code, '')).not.toContain('(code')
      // y-websocket's default: 4400–4499 are permanent; a stock client behaves the same.
      expect(isPermanentClose(code), name).toBe(code >= 4400 && code < 4500)
    }
    // Exactly those: nothing the server never sends (the old 4401/4403/4413/4426/4429).
    expect(Object.keys(CLOSE_HANDLING).sort()).toEqual(Object.keys(CLOSE).sort())
    for (const never of [4401, 4403, 4413, 4426, 4429]) expect(closeHandling(never)).toBeNull()
  })

  it('treats a close the server did not choose (1006, the network) as transient, with a generic message', () => {
    expect(closeHandling(1006)).toBeNull()
    expect(isPermanentClose(1006)).toBe(false)
    expect(closeMessage(1006, '')).toBe('The connection was closed (code 1006).')
    expect(closeMessage(4499, 'custom reason')).toBe('custom reason')
  })

  it('has an action and a message for every refusal of the upgrade', () => {
    expect(Object.keys(REFUSAL_HANDLING).sort()).toEqual(Object.keys(YJS_REFUSALS).sort())
    const actions = Object.fromEntries((Object.keys(YJS_REFUSALS) as YjsRefusal[]).map((c) => [c, REFUSAL_HANDLING[c].action]))
    expect(actions).toEqual({ UNAUTHORIZED: 'new-ticket', FORBIDDEN: 'stop', NOT_FOUND: 'stop', UNAVAILABLE: 'retry', INTERNAL: 'retry' })
    for (const c of Object.keys(YJS_REFUSALS) as YjsRefusal[]) expect(REFUSAL_HANDLING[c].message.length).toBeGreaterThan(10)
  })
})
