import { describe, expect, it } from 'vitest'
import { RUN_LIMITS } from '@nudge/shared'
import { OUTPUT_CHARS, VALUE_CHARS, createOutput, jsonEqual, render, runJs } from './sandbox/harness.js'

const tests = [
  { index: 0, input: [[1, 2, 3]], expected: 6 },
  { index: 1, input: [[]], expected: 0 },
]

describe('JavaScript harness', () => {
  it('keeps the limits the server enforces', () => {
    expect(VALUE_CHARS).toBe(RUN_LIMITS.valueChars)
    expect(OUTPUT_CHARS).toBe(RUN_LIMITS.outputChars)
  })

  it('runs each case, compares as JSON and reports pass/fail', async () => {
    const ok = await runJs({ code: 'function sum(a) { return a.reduce((x, y) => x + y, 0) }', functionName: 'sum', tests })
    expect(ok.status).toBe('passed')
    expect(ok.cases.map((c) => [c.input, c.expected, c.actual, c.passed])).toEqual([['[1,2,3]', '6', '6', true], ['[]', '0', '0', true]])
    const wrong = await runJs({ code: 'const sum = (a) => a.length', functionName: 'sum', tests })
    expect(wrong.status).toBe('failed')
    expect(wrong.cases.map((c) => c.passed)).toEqual([false, true])
  })

  it('reports the line of an exception thrown inside a test, and keeps running the others', async () => {
    const code = ['function sum(a) {', '  if (a.length === 0) {', '    throw new RangeError("empty")', '  }', '  return 6', '}'].join('\n')
    const r = await runJs({ code, functionName: 'sum', tests })
    expect(r.cases[0]).toMatchObject({ passed: true })
    expect(r.cases[1]).toMatchObject({ passed: false, actual: null, error: { message: 'RangeError: empty', line: 3 } })
  })

  it('reports a top-level throw with its line, and a missing entry function', async () => {
    expect(await runJs({ code: 'let x = 1\nnull.boom', functionName: 'f', tests: null })).toMatchObject({ status: 'error', error: { line: 2 } })
    expect(await runJs({ code: 'const g = 1', functionName: 'f', tests })).toMatchObject({ status: 'error', error: { message: expect.stringContaining('named f') } })
  })

  it('awaits async functions and gives every case its own copy of the inputs', async () => {
    const code = 'async function f(a) { a.push(1); return a.length }'
    const r = await runJs({ code, functionName: 'f', tests: [{ index: 0, input: [[]], expected: 1 }, { index: 1, input: [[]], expected: 1 }] })
    expect(r.status).toBe('passed')
  })

  it('compares objects by key in any order, numbers exactly unless fractional, Sets and Maps as JSON', () => {
    expect(jsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true)
    expect(jsonEqual([1, 2], [2, 1])).toBe(false)
    expect(jsonEqual(0.1 + 0.2, 0.3)).toBe(true)
    expect(jsonEqual(1, 2)).toBe(false)
    expect(jsonEqual(null, 0)).toBe(false)
    expect(render(new Set([1, 2]))).toBe('[1,2]')
    expect(render('x'.repeat(5000)).length).toBe(VALUE_CHARS)
  })

  it('caps output and flushes it in batches', () => {
    const sent: string[] = []
    let t = 0
    const out = createOutput((s) => sent.push(s), 100, () => t)
    out.write('a'.repeat(10))
    expect(sent).toEqual([])
    t = 60
    out.write('b')
    expect(sent).toEqual(['a'.repeat(10) + 'b'])
    out.write('c'.repeat(500))
    expect(out.truncated).toBe(true)
    out.write('more')
    out.flush()
    expect(sent.join('').length).toBe(100)
  })
})
