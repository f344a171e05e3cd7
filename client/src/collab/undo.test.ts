import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DOC, LIMITS } from '@nudge/shared'
import { normalizeEol } from '../lib/eol.ts'
import { MAX_PASTE_CHARS, pasteRefusal } from './limits.ts'
import { createLocalUndoManager, stripCarriageReturns } from './undo.ts'

/** Two docs wired like two browsers through a server: updates flow with a "remote" origin. */
function pair() {
  const a = new Y.Doc()
  const b = new Y.Doc()
  const REMOTE = Symbol('provider')
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== REMOTE && Y.applyUpdate(b, u, REMOTE))
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== REMOTE && Y.applyUpdate(a, u, REMOTE))
  return { a, b, ta: a.getText(DOC.text), tb: b.getText(DOC.text) }
}

describe('per-user undo', () => {
  it('undoes only my edits, never the partner\'s', () => {
    const { a, b, ta, tb } = pair()
    const bindingA = {} // stands in for the MonacoBinding, which is the origin of local edits
    const bindingB = {}
    const undoA = createLocalUndoManager(ta, bindingA)
    const undoB = createLocalUndoManager(tb, bindingB)

    a.transact(() => ta.insert(0, 'function f() {}\n'), bindingA)
    undoA.stopCapturing()
    b.transact(() => tb.insert(tb.length, '// partner\n'), bindingB)
    undoB.stopCapturing()
    a.transact(() => ta.insert(ta.length, 'f()\n'), bindingA)
    expect(tb.toString()).toBe('function f() {}\n// partner\nf()\n')

    undoA.undo()
    expect(ta.toString()).toBe('function f() {}\n// partner\n')
    undoA.undo()
    expect(ta.toString()).toBe('// partner\n')
    expect(undoA.undo()).toBeNull() // nothing of mine left: the partner's line stays
    expect(tb.toString()).toBe('// partner\n')

    undoA.redo()
    expect(tb.toString()).toBe('function f() {}\n// partner\n')
  })

  it('ignores changes from other origins on the same doc (language switch, CR fix, remote)', () => {
    const { a, ta } = pair()
    const binding = {}
    const undo = createLocalUndoManager(ta, binding)
    a.transact(() => ta.insert(0, 'x'), 'language-select')
    a.transact(() => ta.insert(1, 'y'))
    expect(undo.undoStack.length).toBe(0)
    a.transact(() => ta.insert(2, 'z'), binding)
    expect(undo.undoStack.length).toBe(1)
  })
})

describe('line endings', () => {
  it('normalises CRLF and lone CR to LF', () => {
    expect(normalizeEol('a\r\nb\rc\n')).toBe('a\nb\nc\n')
    expect(normalizeEol('plain')).toBe('plain')
  })

  it('heals CRs in the shared text so both peers converge on LF', () => {
    const { ta, tb } = pair()
    tb.insert(0, 'one\r\ntwo\rthree\n')
    expect(stripCarriageReturns(ta)).toBe(2)
    expect(ta.toString()).toBe('one\ntwo\nthree\n')
    expect(tb.toString()).toBe('one\ntwo\nthree\n')
    expect(stripCarriageReturns(ta)).toBe(0)
  })
})

describe('paste limits', () => {
  it('refuses a paste that could not fit in one frame or would overflow the document', () => {
    expect(MAX_PASTE_CHARS * 3).toBeLessThan(LIMITS.yjsFrameBytes)
    expect(pasteRefusal(1000, 0)).toBeNull()
    expect(pasteRefusal(MAX_PASTE_CHARS + 1, 0)).toMatch(/too large/)
    expect(pasteRefusal(1000, LIMITS.documentBytes - 10)).toMatch(/size limit/)
  })
})
