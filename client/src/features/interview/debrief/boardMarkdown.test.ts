import { describe, expect, it } from 'vitest'
import type { Debrief } from '@nudge/shared'
import { boardCaption, withBoardSection } from './boardMarkdown.ts'

const round = (n: number, endedAt: number | null): Debrief['round'] => ({ n, kind: 'system-design', startedAt: 0, endedAt, question: null })
const live = { boardCapture: { kind: 'live' as const, capturedAt: null }, round: round(1, 1) }

describe('the board in the debrief Markdown', () => {
  it('appends a section that links the SVG file downloaded beside it', () => {
    const md = withBoardSection('# Debrief\n\nText.\n\n', 'debrief-abc-round-1-board.svg', live)
    expect(md.startsWith('# Debrief\n\nText.\n\n## Board\n')).toBe(true)
    expect(md).toContain('![The whiteboard](debrief-abc-round-1-board.svg)')
    expect(md.endsWith(')\n')).toBe(true)
  })

  it('keeps the link valid whatever the file is called', () => {
    expect(withBoardSection('', 'a b(1).svg', live)).toContain('](a%20b(1).svg)')
  })

  it("says which board it is: the round's own, the live one, or the room's for an older round", () => {
    expect(boardCaption({ boardCapture: { kind: 'round', capturedAt: Date.UTC(2026, 0, 1, 10, 30) }, round: round(1, 1) })).toMatch(/^The whiteboard as round 1 left it/)
    expect(boardCaption({ boardCapture: { kind: 'live', capturedAt: null }, round: round(2, null) })).toMatch(/the round is still running/)
    expect(boardCaption({ boardCapture: { kind: 'room', capturedAt: null }, round: round(1, 1) })).toMatch(/before boards were kept per round/)
    expect(withBoardSection('', 'b.svg', { boardCapture: { kind: 'room', capturedAt: null }, round: round(1, 1) })).toContain('before boards were kept per round')
  })
})
