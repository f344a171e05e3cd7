import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DurableClock, rangesOf } from './durable.ts'

const sv = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc))

describe('DurableClock', () => {
  it('counts only ranges contiguous from clock 0, joining out-of-order ranges once the gap fills', () => {
    const d = new DurableClock()
    expect(d.add([[7, 10, 20]])).toBe(false) // a gap before it: not durable yet
    expect(d.covers(new Map([[7, 1]]))).toBe(false)
    expect(d.add([[7, 0, 5]])).toBe(true)
    expect(d.stateVector.get(7)).toBe(5)
    expect(d.add([[7, 5, 10]])).toBe(true)
    expect(d.stateVector.get(7)).toBe(20) // the waiting range joined
    expect(d.add([[7, 3, 8]])).toBe(false) // nothing new
    expect(d.covers(new Map([[7, 20]]))).toBe(true)
    expect(d.covers(new Map([[7, 21]]))).toBe(false)
  })

  it('starts from a stored state vector and encodes like Yjs', () => {
    const d = new DurableClock()
    d.reset(new Map([[1, 4], [2, 9]]))
    d.reset(new Map([[1, 2]])) // never goes back
    expect(Y.decodeStateVector(d.encode())).toEqual(new Map([[1, 4], [2, 9]]))
  })

  it('reads the struct ranges of an update, skipping the gaps of a merged update', () => {
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    const t = doc.getText('code')
    t.insert(0, 'abc')
    t.insert(3, 'de')
    t.insert(5, 'fgh')
    const id = doc.clientID
    expect(rangesOf(updates[1]!)).toEqual([[id, 3, 5]])
    // First and third without the second: a Skip stands for the gap, which is not claimed.
    const merged = Y.mergeUpdates([updates[0]!, updates[2]!])
    expect(rangesOf(merged)).toEqual([[id, 0, 3], [id, 5, 8]])
    const d = new DurableClock()
    d.add(rangesOf(merged))
    expect(d.covers(sv(doc))).toBe(false)
    d.add(rangesOf(updates[1]!))
    expect(d.covers(sv(doc))).toBe(true)
  })
})
