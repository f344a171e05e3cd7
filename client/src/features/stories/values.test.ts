import { describe, expect, it } from 'vitest'
import { extractValues } from './values.ts'

/** Memos in the shapes companies actually publish them, written for this test. */
const MARKDOWN_HEADINGS = `# Northwind culture memo

Why we wrote this down, and how we use it in hiring.

## Our values

### Own the outcome
We finish what we start, and we fix what we break.

### Say the hard thing early
Bad news travels fast here. We'd rather hear it on day one than day thirty.

### Customers before comfort
- Talk to a customer every week
- Ship the fix, not the excuse

### Leave it better
Every codebase, doc and process you touch should be easier for the next person.
`

const BULLETS = `Values at Lumen:
- **Curiosity** — ask why twice before building anything.
- **Candor**: say what you think, kindly.
- Bias to ship. Small, reversible steps beat big plans.
- Everyone teaches
`

const NUMBERED_WITH_BEHAVIOURS = `Harbor Labs — what we value

1. Deliver for members
   - Know who the change is for
   - Measure it after launch
2. Act like an owner
   - No "not my job"
3) Keep it simple
   - Delete more than you add
`

const PRINCIPLES = `Leadership Principles

Obsess over users
Leaders start with the user and work backwards. They earn and keep trust, and they pay attention to what users do, not only to what they say.

Dive deep
Leaders operate at all levels, stay connected to the details, and audit frequently. No task is beneath them.

Disagree, then commit
Leaders respectfully challenge decisions when they disagree, even when doing so is uncomfortable. Once a decision is made, they commit wholly.

Deliver results
Leaders focus on the key inputs for their business and deliver them with the right quality and in a timely fashion.
`

const PROSE = `At Quarry we try not to have too many rules. Our values are craftsmanship, generosity, and long-term thinking. Everything else follows from those.`

describe('extractValues', () => {
  it('Markdown headings: the value level, not the title or "Our values"', () => {
    expect(extractValues(MARKDOWN_HEADINGS)).toEqual({
      ok: true, shape: 'headings', values: ['Own the outcome', 'Say the hard thing early', 'Customers before comfort', 'Leave it better'],
    })
  })

  it('bullet lists keep the name of "**Name** — text", "Name: text" and "Name. Text" items', () => {
    expect(extractValues(BULLETS)).toEqual({ ok: true, shape: 'list', values: ['Curiosity', 'Candor', 'Bias to ship', 'Everyone teaches'] })
  })

  it('numbered values with bulleted behaviours under them: the numbered level', () => {
    expect(extractValues(NUMBERED_WITH_BEHAVIOURS)).toEqual({ ok: true, shape: 'list', values: ['Deliver for members', 'Act like an owner', 'Keep it simple'] })
  })

  it('leadership-principle paragraphs: each short title line above its paragraph', () => {
    expect(extractValues(PRINCIPLES)).toEqual({ ok: true, shape: 'titles', values: ['Obsess over users', 'Dive deep', 'Disagree, then commit', 'Deliver results'] })
  })

  it('"Our values are …" prose', () => {
    expect(extractValues(PROSE)).toEqual({ ok: true, shape: 'prose', values: ['Craftsmanship', 'Generosity', 'Long-term thinking'] })
  })

  it('gives a clear message for an empty, shapeless or oversized memo (and works on CRLF text)', () => {
    expect(extractValues('   \n ')).toEqual({ ok: false, message: 'Paste a values or culture memo first.' })
    expect(extractValues('We are a team. We like building things that people enjoy using every day.')).toMatchObject({ ok: false, message: expect.stringMatching(/No list of values/) })
    const huge = extractValues('- Value\n'.repeat(5_000))
    expect(huge).toMatchObject({ ok: false, message: expect.stringMatching(/40,000 characters; Nudge reads up to 20,000/) })
    expect(extractValues(BULLETS.replace(/\n/g, '\r\n'))).toMatchObject({ ok: true, values: ['Curiosity', 'Candor', 'Bias to ship', 'Everyone teaches'] })
  })
})
