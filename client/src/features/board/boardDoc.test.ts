import { describe, expect, it } from 'vitest'
import { MAX_FILE_DATA_URL_CHARS, asElement, asFile, beats, busyElementIds } from './boardDoc.ts'
import { collaboratorsFrom, sameSelection } from './collaborators.ts'

const el = (id: string, version: number, versionNonce: number, extra: Record<string, unknown> = {}) => ({
  id, type: 'rectangle', version, versionNonce, isDeleted: false, x: 0, y: 0, ...extra,
})

describe('the board document', () => {
  it('picks the same copy of an element on every peer: higher version, then lower nonce', () => {
    expect(beats(el('a', 3, 9), el('a', 2, 1))).toBe(true)
    expect(beats(el('a', 2, 1), el('a', 3, 9))).toBe(false)
    expect(beats(el('a', 2, 1), el('a', 2, 5))).toBe(true)
    expect(beats(el('a', 2, 5), el('a', 2, 1))).toBe(false)
    // An element never beats itself, so a copy is never written back as "newer".
    expect(beats(el('a', 2, 5), el('a', 2, 5))).toBe(false)
  })

  it('knows which elements a gesture in progress owns, so remote copies of them wait', () => {
    const sorted = (s: Set<string>) => [...s].sort()
    expect(sorted(busyElementIds({ selectedElementIds: { a: true } }))).toEqual([])
    // A label being typed holds its arrow too.
    const label = { id: 't', type: 'text', containerId: 'arrow' } as never
    expect(sorted(busyElementIds({ editingTextElement: label }))).toEqual(['arrow', 't'])
    expect(sorted(busyElementIds({ selectedElementIds: { a: true, b: true }, selectedElementsAreBeingDragged: true }))).toEqual(['a', 'b'])
    expect(sorted(busyElementIds({ newElement: { id: 'n' } as never, editingLinearElement: { elementId: 'l' } as never }))).toEqual(['l', 'n'])
  })

  it('ignores values another client wrote that are not elements', () => {
    expect(asElement('a', el('a', 1, 1))).not.toBeNull()
    expect(asElement('b', el('a', 1, 1)), 'id must match its key').toBeNull()
    for (const bad of [null, 'x', 42, [], el('a', 1.5, 1), el('a', 1, 1, { type: 7 }), el('a', 1, 1, { isDeleted: 'no' }), { id: 'a' }]) {
      expect(asElement('a', bad)).toBeNull()
    }
  })

  it('accepts only image data URLs within the cap as files', () => {
    const ok = { id: 'f', mimeType: 'image/png', dataURL: 'data:image/png;base64,AAAA', created: 1 }
    expect(asFile('f', ok)).toEqual(ok)
    expect(asFile('f', { ...ok, dataURL: 'https://example.org/x.png' })).toBeNull()
    expect(asFile('f', { ...ok, dataURL: 'data:text/html;base64,AAAA' })).toBeNull()
    expect(asFile('f', { ...ok, dataURL: `data:image/png;base64,${'A'.repeat(MAX_FILE_DATA_URL_CHARS)}` })).toBeNull()
    expect(asFile('g', ok)).toBeNull()
  })
})

describe('collaborators from awareness', () => {
  const states = new Map<number, Record<string, unknown>>([
    [1, { user: { name: 'Me', color: '#22c55e', role: 'candidate', participantId: 'p1' } }],
    [2, { user: { name: 'Ivy', color: '#F59E0B', role: 'interviewer', participantId: 'p2' }, board: { pointer: { x: 10, y: 20, tool: 'pointer' }, button: 'down', selectedElementIds: { e1: true } } }],
    [3, { user: { name: 'Olu', color: '#3b82f6', role: 'observer', participantId: 'p3' }, board: { pointer: { x: 1, y: 1, tool: 'pointer' } } }],
    [4, { user: { name: '<b>x</b>', color: 'red;}', role: 'candidate' }, board: { pointer: { x: Infinity, y: 'a' }, selectedElementIds: 'nope' } }],
  ])

  it('shows the others with name, role colour, pointer and selection; never me or an observer', () => {
    const c = collaboratorsFrom(states, 1)
    expect([...c.keys()]).toEqual(['2', '4'])
    expect(c.get('2')).toMatchObject({ username: 'Ivy', color: { stroke: '#f59e0b' }, pointer: { x: 10, y: 20 }, button: 'down', selectedElementIds: { e1: true } })
  })

  it('treats every field as untrusted', () => {
    const c = collaboratorsFrom(states, 1).get('4')!
    expect(c.pointer).toBeUndefined()
    expect(c.selectedElementIds).toEqual({})
    expect(c.color.stroke).toMatch(/^#[0-9a-f]{6}$/)
  })

  it('compares selections as sets', () => {
    expect(sameSelection({ a: true, b: true }, { b: true, a: true })).toBe(true)
    expect(sameSelection({ a: true }, { a: true, b: true })).toBe(false)
  })
})
