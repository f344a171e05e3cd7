import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { BUNDLED_QUESTIONS_DIR, loadQuestionBank } from '@nudge/server/interview/question-bank.ts'
import { runJs } from '@nudge/server/runner/sandbox/harness.js'

/**
 * Every bundled coding question's reference solutions (tests/fixtures/solutions) pass all of its
 * tests, hidden ones included, through the runner's own harnesses: harness.js for JavaScript and
 * harness.py inside Pyodide (the same npm package the browser runner serves) for Python. This
 * catches bad test data and harness bugs; tests/e2e/run-code.test.ts drives the browser runner.
 */
const SOLUTIONS = fileURLToPath(new URL('../fixtures/solutions/', import.meta.url))
const SANDBOX = fileURLToPath(new URL('../../server/src/runner/sandbox/', import.meta.url))
const PYODIDE = fileURLToPath(new URL('../../server/node_modules/pyodide/pyodide.mjs', import.meta.url))

const bank = await loadQuestionBank(BUNDLED_QUESTIONS_DIR)
const coding = bank.list().map((s) => bank.get(s.id)!).flatMap((q) => (q.kind === 'coding' ? [q] : []))
const cases = (q: (typeof coding)[number]) => q.tests.map((t, index) => ({ index, input: t.input, expected: t.expected }))

describe('reference solutions pass every bundled coding question', () => {
  it.each(coding.map((q) => [q.id, q] as const))('JavaScript: %s', async (_id, q) => {
    const code = await readFile(`${SOLUTIONS}${q.id}.js`, 'utf8')
    const r = await runJs({ code, functionName: q.functionName, tests: cases(q) })
    expect(r.cases.filter((c) => !c.passed), q.id).toEqual([])
    expect(r.status).toBe('passed')
  })

  describe('Python (Pyodide)', () => {
    let run: (code: string, fn: string, tests: string) => string
    beforeAll(async () => {
      const { loadPyodide } = (await import(PYODIDE)) as { loadPyodide: () => Promise<{ runPython(s: string): void; globals: { get(n: string): never } }> }
      const py = await loadPyodide()
      py.runPython(await readFile(`${SANDBOX}harness.py`, 'utf8'))
      run = py.globals.get('run')
    }, 60_000)

    it.each(coding.map((q) => [q.id, q] as const))('%s', async (_id, q) => {
      const code = await readFile(`${SOLUTIONS}${q.id}.py`, 'utf8')
      const r = JSON.parse(run(code, q.functionName, JSON.stringify(cases(q)))) as { status: string; cases: { passed: boolean }[]; error: unknown }
      expect(r.error, q.id).toBeNull()
      expect(r.cases.filter((c) => !c.passed), q.id).toEqual([])
      expect(r.status).toBe('passed')
    })

    it('reports a syntax error and an exception with their lines', () => {
      const bad = JSON.parse(run('x = 1\ndef f(:\n  pass', 'f', '[]')) as { status: string; error: { line: number } }
      expect(bad).toMatchObject({ status: 'error', error: { line: 2 } })
      const thrown = JSON.parse(run('def f(a):\n    return a[5]\n', 'f', JSON.stringify([{ index: 0, input: [[]], expected: 1 }]))) as { cases: { error: { message: string; line: number } }[] }
      expect(thrown.cases[0]!.error).toEqual({ message: 'IndexError: list index out of range', line: 2 })
    })
  })
})
