import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DOC, type SentHint } from '@nudge/shared'
import { anchorForLine, hintMarks, lineOfIndex, lineStartIndex, resolveAnchor } from './anchors.ts'

/** Two replicas that exchange every update, like two browsers through the server. */
function pair() {
  const a = new Y.Doc()
  const b = new Y.Doc()
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, u, 'remote'))
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, u, 'remote'))
  return { ta: a.getText(DOC.text), tb: b.getText(DOC.text) }
}

const hint = (id: string, position: string | null): SentHint => ({
  id, round: 1, tier: null, edited: false, text: `hint ${id}`, sentAt: 0, by: 'Ivy',
  anchor: position ? { position, line: null } : null,
  stamp: { phaseIndex: 0, phaseId: 'code', phaseLabel: 'Code', elapsedMs: 0, phaseElapsedMs: 0, status: 'running' },
})

describe('line arithmetic', () => {
  it('maps lines to start indices and back', () => {
    const text = 'ab\ncd\n\nef'
    expect([1, 2, 3, 4, 9].map((l) => lineStartIndex(text, l))).toEqual([0, 3, 6, 7, 7])
    expect([0, 2, 3, 6, 7, 99].map((i) => lineOfIndex(text, i))).toEqual([1, 1, 2, 3, 4, 4])
  })
})

describe('hint anchors', () => {
  it('point at the same code after the partner edits above it', () => {
    const { ta, tb } = pair()
    ta.insert(0, 'function f() {\n  return 1\n}\n')
    const anchor = anchorForLine(ta, 2)
    expect(anchor).toMatch(/^[A-Za-z0-9+/]+={0,2}$/)
    expect(resolveAnchor(anchor, tb)).toEqual({ index: 15, line: 2 })

    tb.insert(0, '// helper\n// another\n')
    const moved = resolveAnchor(anchor, ta)!
    expect(moved.line).toBe(4)
    expect(ta.toString().slice(moved.index).startsWith('  return 1')).toBe(true)

    // Typing at the start of the anchored line itself keeps it on that line.
    ta.insert(moved.index + 2, 'const x = 2; ')
    expect(resolveAnchor(anchor, tb)!.line).toBe(4)
  })

  it('stays on the line when its first characters are deleted; clamps to the last line; works in an empty text', () => {
    const { ta, tb } = pair()
    ta.insert(0, 'one\ntwo\nthree')
    const anchor = anchorForLine(ta, 2)
    tb.delete(4, 2) // "tw" removed: the anchor falls through to the next character
    expect(resolveAnchor(anchor, ta)).toEqual({ index: 4, line: 2 })
    const last = anchorForLine(ta, 99)
    ta.insert(ta.length, '\nfour')
    expect(resolveAnchor(last, tb)).toEqual({ index: 6, line: 3 })
    const empty = pair()
    const start = anchorForLine(empty.ta, 1)
    empty.tb.insert(0, 'typed later')
    expect(resolveAnchor(start, empty.ta)!.line).toBe(1)
  })

  it('refuses garbage and anchors from another document', () => {
    const { ta } = pair()
    ta.insert(0, 'x\ny')
    expect(resolveAnchor('not base64!', ta)).toBeNull()
    expect(resolveAnchor('BwcH', ta)).toBeNull()
    const other = new Y.Doc().getText('elsewhere')
    other.insert(0, 'zzz')
    expect(resolveAnchor(anchorForLine(other, 1), ta)).toBeNull()
  })

  it('lists the anchored hints with their current lines, numbered as in the hints list', () => {
    const { ta, tb } = pair()
    ta.insert(0, 'a\nb\nc\n')
    const marks = hintMarks([hint('h1', null), hint('h2', anchorForLine(ta, 3))], tb)
    expect(marks).toEqual([{ id: 'h2', text: 'hint h2', line: 3, number: 2 }])
  })
})
