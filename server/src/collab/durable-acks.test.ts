import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { YMSG } from '@nudge/shared'
import { READER_ACK_MS, type Session } from './document.ts'
import { MemoryPersistence, testDocument } from './testing.ts'

/** A `nudge=1` session that records the durable state vectors it is sent. */
function session(id: string) {
  const acks: Map<number, number>[] = []
  const s: Session = {
    id,
    author: id,
    identity: { name: id, role: 'candidate', participantId: id },
    readOnly: false,
    nudgeMessages: true,
    send(bytes) {
      const d = decoding.createDecoder(bytes)
      if (decoding.readVarUint(d) === YMSG.durable) acks.push(Y.decodeStateVector(decoding.readVarUint8Array(d)))
    },
    close() {},
  }
  return { s, acks }
}

function typed(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc)
  doc.getText('code').insert(doc.getText('code').length, text)
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, YMSG.sync)
  syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc, before))
  return encoding.toUint8Array(e)
}

describe('durable acks', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('reach a writer at every stored batch and a reader at most every READER_ACK_MS, ending with the latest state', async () => {
    const persistence = new MemoryPersistence()
    const room = testDocument(persistence)
    await room.ready
    const writer = session('writer')
    const reader = session('reader')
    room.join(writer.s)
    room.join(reader.s)
    // Both got the durable state on joining.
    expect(writer.acks).toHaveLength(1)
    expect(reader.acks).toHaveLength(1)

    const doc = new Y.Doc()
    for (let i = 0; i < 5; i++) {
      room.receive(writer.s.id, typed(doc, `k${i}`))
      persistence.flush()
      vi.advanceTimersByTime(20)
    }
    // The writer heard about each of its five batches at once.
    expect(writer.acks).toHaveLength(6)
    expect(writer.acks.at(-1)!.get(doc.clientID)).toBe(Y.getState(doc.store, doc.clientID))
    // The reader got the first batch's ack (its first since joining) and no more yet.
    expect(reader.acks).toHaveLength(2)
    vi.advanceTimersByTime(READER_ACK_MS)
    // …then one trailing ack with everything stored so far.
    expect(reader.acks).toHaveLength(3)
    expect(reader.acks.at(-1)!.get(doc.clientID)).toBe(Y.getState(doc.store, doc.clientID))
    vi.advanceTimersByTime(5 * READER_ACK_MS)
    expect(reader.acks).toHaveLength(3)
    room.destroy()
  })
})
