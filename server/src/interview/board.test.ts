import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readBoard } from './document.ts'

describe('readBoard', () => {
  it('is null for a board nothing was drawn on', () => {
    expect(readBoard(new Y.Doc())).toBeNull()
  })

  it('returns live elements in fractional-index order, skips deleted and malformed entries, and only used files', () => {
    const doc = new Y.Doc()
    const elements = doc.getMap<unknown>('elements')
    elements.set('b', { id: 'b', type: 'arrow', index: 'a1' })
    elements.set('a', { id: 'a', type: 'rectangle', index: 'a0V' })
    elements.set('img', { id: 'img', type: 'image', index: 'Zz', fileId: 'f1' })
    elements.set('del', { id: 'del', type: 'text', index: 'a0', isDeleted: true })
    elements.set('liar', { id: 'someone-else', type: 'text' })
    elements.set('bad', 42)
    const nested = new Y.Map<unknown>()
    elements.set('nested', nested)
    nested.set('id', 'nested')
    nested.set('type', 'ellipse')
    nested.set('index', 'a2')
    const files = doc.getMap<unknown>('files')
    files.set('f1', { id: 'f1', mimeType: 'image/png', dataURL: 'data:image/png;base64,AA==' })
    files.set('f2', { id: 'f2', mimeType: 'image/png', dataURL: 'data:image/png;base64,BB==' })
    const board = readBoard(doc)!
    // 'Z' < 'a' as plain strings: fractional indices never use locale order.
    expect(board.elements.map((e) => e.id)).toEqual(['img', 'a', 'b', 'nested'])
    expect(board.elements[0]).toEqual({ id: 'img', type: 'image', index: 'Zz', fileId: 'f1' })
    expect(Object.keys(board.files)).toEqual(['f1'])
  })
})
