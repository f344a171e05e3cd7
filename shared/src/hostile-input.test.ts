import { describe, expect, it } from 'vitest'
import { DisplayName } from './rooms.ts'

describe('DisplayName (hostile names, finding 10)', () => {
  const ok = (s: string) => DisplayName.safeParse(s)
  it('normalizes: NFKC, invisible characters removed, whitespace collapsed', () => {
    expect(ok('  Ａda\u200B  Love\u202Elace ').data).toBe('Ada Lovelace')
    expect(ok('Zoë 👩‍💻').data).toBe('Zoë 👩‍💻')
  })
  it('refuses zero-width-only, NUL-only, lone surrogates and role names', () => {
    for (const bad of ['\u200B\u200C\u200D', '\u0000', '\u202E', 'Ada\uD800', 'Interviewer', 'the interviewer', 'CANDIDATE', 'observer 2', '(Interviewer)', '']) {
      expect(ok(bad).success, JSON.stringify(bad)).toBe(false)
    }
    expect(ok('Observeranne').success).toBe(true)
    expect(ok('Me as candidate').success).toBe(true)
  })
})

describe('custom question statements (finding 10)', () => {
  it('accept the documented QUESTION_LIMITS.statement, not the shorter text cap', async () => {
    const { CustomQuestionInput, QUESTION_LIMITS } = await import('./questions.ts')
    const base = { title: 'Long', kind: 'coding' }
    expect(CustomQuestionInput.safeParse({ ...base, statement: 'x'.repeat(QUESTION_LIMITS.statement) }).success).toBe(true)
    expect(CustomQuestionInput.safeParse({ ...base, statement: 'x'.repeat(QUESTION_LIMITS.statement + 1) }).success).toBe(false)
  })
})
