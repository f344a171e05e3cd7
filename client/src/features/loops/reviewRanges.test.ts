import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { ReviewComment } from '@nudge/shared'
import { toBase64 } from '../interview/hints/anchors.ts'
import { reviewMarks } from './reviewRanges.ts'

const doc = () => {
  const d = new Y.Doc()
  const text = d.getText('code')
  text.insert(0, 'const a = 1\nconst b = a + 1\n')
  return text
}
const rel = (t: Y.Text, index: number, assoc: number) => toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(t, index, assoc)))
const comment = (over: Partial<ReviewComment>): ReviewComment => ({
  id: 'c1', kind: 'concern', text: 'x', by: 'Ivy', at: 0, startLine: 2, endLine: 2, currentLine: 2, anchor: null, current: null, quote: '', ...over,
})

describe('review marks in the editor', () => {
  it('resolve a range from its anchors in this copy, following local edits before the server says so', () => {
    const t = doc()
    const from = t.toString().indexOf('a + 1')
    const c = comment({ anchor: { start: rel(t, from, 0), end: rel(t, from + 5, -1) }, current: { startLine: 2, startColumn: 11, endLine: 2, endColumn: 16 } })
    expect(reviewMarks([c], t)[0]!.range).toEqual({ startLine: 2, startColumn: 11, endLine: 2, endColumn: 16 })
    t.insert(0, '// top\n')
    t.insert(t.toString().indexOf('a + 1'), '(')
    expect(reviewMarks([c], t)[0]!.range).toEqual({ startLine: 3, startColumn: 12, endLine: 3, endColumn: 17 })
    t.delete(t.toString().indexOf('a + 1'), 5)
    expect(reviewMarks([c], t)[0]!.range).toBeNull()
  })

  it('keep the server\'s range for comments from before ranges', () => {
    const current = { startLine: 1, startColumn: 1, endLine: 1, endColumn: 12 }
    expect(reviewMarks([comment({ current })], doc())[0]!.range).toEqual(current)
  })
})
