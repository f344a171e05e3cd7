import { describe, expect, it } from 'vitest'
import { withBoardSection } from './boardMarkdown.ts'

describe('the board in the debrief Markdown', () => {
  it('appends a section that links the SVG file downloaded beside it', () => {
    const md = withBoardSection('# Debrief\n\nText.\n\n', 'debrief-abc-round-1-board.svg', true)
    expect(md.startsWith('# Debrief\n\nText.\n\n## Board\n')).toBe(true)
    expect(md).toContain('![The whiteboard](debrief-abc-round-1-board.svg)')
    expect(md.endsWith(')\n')).toBe(true)
  })

  it('keeps the link valid whatever the file is called', () => {
    expect(withBoardSection('', 'a b(1).svg', false)).toContain('](a%20b(1).svg)')
  })
})
