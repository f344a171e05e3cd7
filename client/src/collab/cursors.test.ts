import { describe, expect, it } from 'vitest'
import { cssString, remoteCursorCss, safeColor } from './cursors.ts'

describe('remote cursor styles', () => {
  it('emits colour and a name label per remote client, skipping myself', () => {
    const css = remoteCursorCss(
      new Map<number, Record<string, unknown>>([
        [1, { user: { name: 'Ada', color: '#22C55E' } }],
        [2, { user: { name: 'Me', color: '#3b82f6' } }],
      ]),
      2,
    )
    expect(css).toContain('.yRemoteSelection-1{background-color:rgba(34, 197, 94, 0.28);}')
    expect(css).toContain('.yRemoteSelectionHead-1{border-color:#22c55e;}')
    expect(css).toContain('content:"Ada"')
    expect(css).not.toContain('-2')
  })

  it('cannot be broken out of by a hostile name or colour', () => {
    const css = remoteCursorCss(new Map([[7, { user: { name: '"}</style><script>x', color: 'red;}body{display:none' } }]]), 1)
    expect(css).not.toMatch(/[<>]/)
    expect(css).not.toContain('display:none')
    expect(cssString('a"b')).toBe('"a\\22 b"')
    expect(safeColor('javascript:1')).toMatch(/^#[0-9a-f]{6}$/)
  })

  it('hides observers\' cursors and the labels of idle cursors', () => {
    const states = new Map<number, Record<string, unknown>>([
      [4, { user: { name: 'Obs', color: '#3b82f6', role: 'observer' } }],
      [5, { user: { name: 'Idle', color: '#3b82f6', role: 'candidate' } }],
      [6, { user: { name: 'Busy', color: '#3b82f6', role: 'interviewer' } }],
    ])
    const css = remoteCursorCss(states, 1, { active: new Set([6]) })
    expect(css).toContain('.yRemoteSelection-4,.yRemoteSelectionHead-4{display:none;}')
    expect(css).not.toContain('"Obs"')
    expect(css).toContain('.yRemoteSelectionHead-5::after{opacity:0;}')
    expect(css).not.toContain('.yRemoteSelectionHead-6::after{opacity:0;}')
  })

  it('labels clients without a user as Anonymous', () => {
    expect(remoteCursorCss(new Map([[3, {}]]), 1)).toContain('content:"Anonymous"')
  })
})
