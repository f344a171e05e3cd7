import { describe, expect, it } from 'vitest'
import { safeParseQuestionFile, safeParseQuestionJson } from './question-format.ts'

describe('question import of hostile input', () => {
  it('refuses a YAML alias bomb with a readable problem instead of throwing', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i)
      const cur = String.fromCharCode(97 + i)
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`)
    }
    const text = `---\ntitle: Bomb\n${levels.join('\n')}\n---\nStatement\n`
    const result = safeParseQuestionFile(text)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems).toMatch(/too complex/)
  })

  it('refuses deeply nested YAML and JSON with a readable problem', () => {
    const deepYaml = `---\ntitle: Deep\ntags: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\nStatement\n`
    expect(() => safeParseQuestionFile(deepYaml)).not.toThrow()
    expect(safeParseQuestionFile(deepYaml).ok).toBe(false)
    const deepJson = `{"title":"Deep","tags":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    const result = safeParseQuestionJson(deepJson)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems).toMatch(/nested/)
  })
})
