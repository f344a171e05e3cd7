import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DOC } from '@nudge/shared'
import { initialDocument } from '../rooms/room-service.ts'
import { anchorAt, anchoredLine, initialTextStart, lineOffset } from './review-anchors.ts'

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
})
