// The JavaScript test harness, shared by the runner's worker and the unit tests
// (server/src/runner/harness.test.ts). Plain JavaScript: the sandbox loads it as is.

/** Characters of one rendered value; the server refuses longer ones (RUN_LIMITS.valueChars). */
export const VALUE_CHARS = 1000
/** Characters of console output kept per run (RUN_LIMITS.outputChars). */
export const OUTPUT_CHARS = 16000

export function clip(text, max = VALUE_CHARS) {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** A value as the result table shows it: JSON where possible. */
export function render(value) {
  if (value === undefined) return 'undefined'
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`
  try {
    const json = JSON.stringify(value, (_k, v) => (v instanceof Map ? Object.fromEntries(v) : v instanceof Set ? [...v] : v))
    return clip(json === undefined ? String(value) : json)
  } catch {
    return clip(String(value))
  }
}

/** What a returned value means as JSON (Maps and Sets included; undefined is null). */
export function normalize(value) {
  if (value === undefined) return null
  const text = JSON.stringify(value, (_k, v) => (v instanceof Map ? Object.fromEntries(v) : v instanceof Set ? [...v] : v))
  return text === undefined ? null : JSON.parse(text)
}

/**
 * Deep equality of JSON values: arrays in order, objects by key regardless of order, numbers
 * exactly unless either is fractional (then within 1e-9 relative).
 */
export function jsonEqual(a, b) {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isInteger(a) && Number.isInteger(b)) return a === b
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]))
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a)
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]))
  }
  return a === b
}

/** Lines before the user's first line in code compiled by `compile` (V8's `new Function` prologue). */
const PROLOGUE_LINES = 2

/** The user's line an error was thrown from, read from a V8 stack of `new Function` code. */
export function errorLine(err) {
  const stack = err && typeof err.stack === 'string' ? err.stack : ''
  const m = /<anonymous>:(\d+):\d+/.exec(stack)
  return m ? Math.max(1, Number(m[1]) - PROLOGUE_LINES) : null
}

export function describeError(err) {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : `Thrown: ${render(err)}`
  return { message: clip(message), line: errorLine(err) }
}

/** Compiles and runs the user's top level once; returns the entry function (or undefined). */
export function compile(code, functionName) {
  const name = functionName && /^[A-Za-z_$][\w$]*$/.test(functionName) ? functionName : null
  const tail = name ? `\nreturn typeof ${name} === 'function' ? ${name} : undefined` : ''
  // eslint-disable-next-line no-new-func -- this is the runner: it runs the user's code on purpose
  return new Function(code + tail)()
}

/**
 * Runs the code and, with tests, each test case: a fresh copy of the inputs per case, async
 * functions awaited, one case's exception does not stop the others.
 */
export async function runJs({ code, functionName, tests }, now = () => performance.now()) {
  let fn
  try {
    fn = compile(code, tests ? functionName : null)
  } catch (err) {
    return { status: 'error', cases: [], error: describeError(err) }
  }
  if (!tests) return { status: 'ran', cases: [], error: null }
  if (typeof fn !== 'function') {
    return { status: 'error', cases: [], error: { message: `Define a function named ${functionName} to run the tests.`, line: null } }
  }
  const cases = []
  for (const t of tests) {
    const args = JSON.parse(JSON.stringify(t.input))
    const input = clip(t.input.map((a) => JSON.stringify(a)).join(', '))
    const started = now()
    let actual = null
    let error = null
    let passed = false
    try {
      let value = fn(...args)
      if (value && typeof value.then === 'function') value = await value
      actual = render(value)
      passed = jsonEqual(normalize(value), t.expected)
    } catch (err) {
      error = describeError(err)
    }
    cases.push({ index: t.index, input, expected: render(t.expected), actual, passed, ms: Math.min(60000, Math.max(0, now() - started)), error })
  }
  return { status: cases.every((c) => c.passed) ? 'passed' : 'failed', cases, error: null }
}

/**
 * Console output with a cap: `write` keeps at most OUTPUT_CHARS characters and sends what it
 * keeps in batches (at least every 50 ms while code runs, since a busy loop never yields).
 */
export function createOutput(send, cap = OUTPUT_CHARS, now = () => performance.now()) {
  let kept = 0
  let truncated = false
  let buffer = ''
  let last = now()
  const flush = () => {
    if (buffer) send(buffer)
    buffer = ''
    last = now()
  }
  return {
    write(text) {
      if (truncated) return
      const room = cap - kept
      if (text.length > room) {
        text = text.slice(0, room)
        truncated = true
      }
      kept += text.length
      buffer += text
      if (truncated || buffer.length >= 2000 || now() - last >= 50) flush()
    },
    flush,
    get truncated() {
      return truncated
    },
  }
}

export function formatArgs(args) {
  return args.map((a) => (typeof a === 'string' ? a : render(a))).join(' ')
}
