import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DOC } from '@nudge/shared'
import { initialDocument } from '../rooms/room-service.ts'
import { lineColumn } from '@nudge/shared'
import { anchorAt, anchoredLine, anchoredRange, anchoredWholeLine, checkSelection, initialTextStart, lineOffset, offsetOf, rangeAnchorsAt, type RangeAnchor } from './review-anchors.ts'

const SUBMISSION = 'function f(xs) {\n  const seen = new Set()\n  for (const x of xs) seen.add(x)\n  return seen.size\n}\n'

describe('review anchors', () => {
  it('finds line offsets, and none past the end', () => {
    expect(lineOffset(SUBMISSION, 1)).toBe(0)
    expect(lineOffset(SUBMISSION, 2)).toBe(17)
    expect(lineOffset(SUBMISSION, 5)).toBe(SUBMISSION.indexOf('}'))
    expect(lineOffset(SUBMISSION, 7)).toBeNull()
  })

  it('follows a line of the submission through later edits, and is lost when the line is deleted', () => {
    const initial = initialDocument('javascript', SUBMISSION)
    const start = initialTextStart(initial)!
    const doc = new Y.Doc()
    Y.applyUpdate(doc, initial)
    const line3 = anchorAt(start, lineOffset(SUBMISSION, 3)!)
    expect(anchoredLine(doc, line3)).toBe(3)
    const text = doc.getText(DOC.text)
    text.insert(0, '// a comment\n// another\n')
    expect(anchoredLine(doc, line3)).toBe(5)
    text.insert(text.toString().indexOf('  for'), '  // before the loop\n')
    expect(anchoredLine(doc, line3)).toBe(6)
    const at = text.toString().indexOf('  for')
    text.delete(at, '  for (const x of xs) seen.add(x)\n'.length)
    expect(anchoredLine(doc, line3)).toBeNull()
  })

  it('has nothing to anchor to in an empty submission', () => {
    expect(initialTextStart(initialDocument('javascript', ''))).toBeNull()
  })

  describe('ranges', () => {
    /** The review room's document, and an anchored range on `word` (its first occurrence) of the submission. */
    const setup = (word: string) => {
      const initial = initialDocument('javascript', SUBMISSION)
      const doc = new Y.Doc()
      Y.applyUpdate(doc, initial)
      const from = SUBMISSION.indexOf(word)
      const anchor = rangeAnchorsAt(initialTextStart(initial)!, from, from + word.length)
      const text = doc.getText(DOC.text)
      const covered = () => {
        const r = anchoredRange(doc, anchor)
        return r && text.toString().slice(r.from, r.to)
      }
      return { doc, text, anchor, covered, at: (s: string) => text.toString().indexOf(s) }
    }

    it('covers its text, with lines and columns as an editor counts them', () => {
      const { doc, anchor, covered } = setup('new Set()')
      expect(covered()).toBe('new Set()')
      expect(anchoredRange(doc, anchor)).toMatchObject({ startLine: 2, startColumn: 16, endLine: 2, endColumn: 25 })
    })

    it('follows inserts before it, and keeps out text typed at its edges or after it', () => {
      const { text, covered, at } = setup('new Set()')
      text.insert(0, '// first\n')
      expect(covered()).toBe('new Set()')
      text.insert(at('new Set()'), 'typed ')
      text.insert(at('new Set()') + 'new Set()'.length, '.add(0)')
      text.insert(text.length, '\nmore()\n')
      expect(covered()).toBe('new Set()')
    })

    it('grows with text typed inside it', () => {
      const { text, covered, at } = setup('new Set()')
      text.insert(at('Set()') + 4, '[1, 2]')
      expect(covered()).toBe('new Set([1, 2])')
    })

    it('shrinks to what is left when its first or last characters are deleted', () => {
      const { text, covered, at } = setup('for (const x of xs) seen.add(x)')
      text.delete(at('for (const'), 'for '.length)
      expect(covered()).toBe('(const x of xs) seen.add(x)')
      text.delete(at(' seen.add'), ' seen.add(x)'.length)
      expect(covered()).toBe('(const x of xs)')
    })

    it('is gone once all of its text is deleted, even when text is typed where it was', () => {
      const { doc, text, anchor, covered, at } = setup('new Set()')
      const from = at('new Set()')
      text.delete(from, 'new Set()'.length)
      expect(anchoredRange(doc, anchor)).toBeNull()
      text.insert(from, '[]')
      expect(covered()).toBeNull()
    })

    it('keeps a comment from before ranges on its whole line', () => {
      const initial = initialDocument('javascript', SUBMISSION)
      const doc = new Y.Doc()
      Y.applyUpdate(doc, initial)
      const line2 = anchorAt(initialTextStart(initial)!, lineOffset(SUBMISSION, 2)!)
      doc.getText(DOC.text).insert(0, '\n')
      expect(anchoredWholeLine(doc, line2)).toMatchObject({ startLine: 3, startColumn: 1, endLine: 3, endColumn: '  const seen = new Set()'.length + 1 })
    })

    it('accepts a selection made in a client\'s copy, and says what is wrong with a bad one', () => {
      const server = new Y.Doc()
      Y.applyUpdate(server, initialDocument('javascript', SUBMISSION))
      const client = new Y.Doc()
      Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
      const ctext = client.getText(DOC.text)
      ctext.insert(0, '// unsaved\n')
      const rel = (index: number, assoc: number) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(ctext, index, assoc))).toString('base64')
      const sel = (from: number, to: number): RangeAnchor => ({ start: rel(from, 0), end: rel(to, -1) })
      const seen = ctext.toString().indexOf('seen')
      // Selected in code the server has: accepted, where the server has it.
      expect(checkSelection(server, sel(seen, seen + 4))).toMatchObject({ startLine: 2, startColumn: 9, endLine: 2, endColumn: 13 })
      expect(() => checkSelection(server, sel(0, 4))).toThrow('is not in the review room\'s code')
      expect(() => checkSelection(server, sel(seen + 4, seen))).toThrow('ends before it starts')
      expect(() => checkSelection(server, { start: rel(seen, -1), end: rel(seen + 4, -1) })).toThrow('anchor meant for an end')
      expect(() => checkSelection(server, { start: rel(seen, 0), end: rel(ctext.length, 0) })).toThrow('not to its end')
      expect(() => checkSelection(server, { start: 'AAAA', end: 'AAAA' })).toThrow()
      server.getText(DOC.text).delete(SUBMISSION.indexOf('seen'), 4)
      expect(() => checkSelection(server, sel(seen, seen + 4))).toThrow('was deleted meanwhile')
    })

    it('converts between offsets and lines and columns', () => {
      expect(lineColumn(SUBMISSION, 0)).toEqual({ line: 1, column: 1 })
      expect(lineColumn(SUBMISSION, 17)).toEqual({ line: 2, column: 1 })
      expect(offsetOf(SUBMISSION, 2, 1)).toBe(17)
      expect(offsetOf(SUBMISSION, 1, 17)).toBe(16) // one past the line's end
      expect(offsetOf(SUBMISSION, 1, 18)).toBeNull()
      expect(offsetOf(SUBMISSION, 9, 1)).toBeNull()
    })
  })
})
