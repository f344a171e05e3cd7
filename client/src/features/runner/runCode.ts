import { RUN_LIMITS, type CaseResult, type Language, type Run, type TestCase } from '@nudge/shared'
import type { RunsClient } from '../../realtime/runsClient.ts'
import type { Sandbox, SandboxCase, SandboxResult } from './sandbox.ts'
import { toJavaScript } from './transpile.ts'

export type RunnableLanguage = 'javascript' | 'typescript' | 'python'

export interface RunRequest {
  language: RunnableLanguage
  code: string
  functionName?: string
  /** The tests this page runs for everyone to see (null: just run the code). */
  tests: SandboxCase[] | null
  private: boolean
  timeLimitMs: number
}

export const asCases = (tests: readonly TestCase[], pick: (t: TestCase) => boolean): SandboxCase[] =>
  tests.flatMap((t, index) => (pick(t) ? [{ index, input: t.input, expected: t.expected }] : []))

export const isRunnable = (l: Language): l is RunnableLanguage => l === 'javascript' || l === 'typescript' || l === 'python'

/** Runs code in the sandbox after TypeScript is stripped (a syntax error is a result too). */
async function execute(sandbox: Sandbox, req: Omit<RunRequest, 'private'>, onOutput: (t: string) => void): Promise<SandboxResult> {
  let code = req.code
  if (req.language !== 'python') {
    const js = await toJavaScript(req.code, req.language)
    if ('error' in js) return { status: 'error', cases: [], error: js.error, output: '', outputTruncated: false, durationMs: 0 }
    code = js.code
  }
  return sandbox.run({ language: req.language === 'python' ? 'python' : 'javascript', code, functionName: req.functionName, tests: req.tests, timeLimitMs: req.timeLimitMs }, onOutput)
}

/**
 * Streams a run's output to the room in chunks of at most RUN_LIMITS.chunkChars, a few per
 * second, and never more than the run's budget (the server drops the rest anyway).
 */
function outputPump(runs: RunsClient, runId: string) {
  let buffer = ''
  let sentChunks = 0
  let inFlight: Promise<unknown> = Promise.resolve()
  const flush = () => {
    if (!buffer || sentChunks >= RUN_LIMITS.chunksPerRun) return
    const chunk = buffer.slice(0, RUN_LIMITS.chunkChars)
    buffer = buffer.slice(chunk.length)
    sentChunks++
    inFlight = inFlight.then(() => runs.output(runId, chunk).catch(() => undefined))
  }
  const timer = window.setInterval(flush, 200)
  return {
    push(text: string) {
      buffer += text
      if (buffer.length >= RUN_LIMITS.chunkChars) flush()
    },
    async close() {
      window.clearInterval(timer)
      while (buffer && sentChunks < RUN_LIMITS.chunksPerRun) flush()
      await inFlight
    },
  }
}

/** Starts a run in the room, runs it here, streams its output and reports the result. */
export async function runInRoom(runs: RunsClient, sandbox: Sandbox, req: RunRequest): Promise<Run> {
  const run = await runs.start({ language: req.language, kind: req.tests ? 'tests' : 'code', private: req.private, code: req.code })
  const pump = outputPump(runs, run.id)
  let result: SandboxResult
  try {
    result = await execute(sandbox, req, pump.push)
  } finally {
    await pump.close()
  }
  const output = result.output.slice(0, RUN_LIMITS.outputChars)
  const reported = runs.finish({
    runId: run.id,
    status: result.status,
    output,
    outputTruncated: result.outputTruncated || output.length < result.output.length,
    cases: result.cases.slice(0, RUN_LIMITS.cases),
    error: result.error,
    durationMs: Math.min(120_000, Math.max(0, result.durationMs || 0)),
  })
  // A result the server refuses must not leave the room's run open: report that much at least.
  return reported.catch(() => runs.finish({
    runId: run.id, status: 'crashed', output: '', outputTruncated: false, cases: [], durationMs: 0,
    error: { message: 'The runner produced a result the server could not accept.', line: null },
  }))
}

/**
 * The round interviewer's page runs the hidden tests on the code of a run (anyone's) and reports
 * their details, which the server keeps for the interviewer's seat. A run that did not get as far
 * as the tests (timeout, syntax error) fails every hidden test with its error.
 */
export async function runHidden(runs: RunsClient, sandbox: Sandbox, runId: string, req: Omit<RunRequest, 'private'> & { tests: SandboxCase[] }) {
  const result = await execute(sandbox, req, () => {})
  const cases: CaseResult[] = result.cases.length === req.tests.length
    ? result.cases
    : req.tests.map((t) => ({
        index: t.index, input: JSON.stringify(t.input).slice(1, -1).slice(0, 1000), expected: JSON.stringify(t.expected).slice(0, 1000),
        actual: null, passed: false, ms: 0, error: result.error ?? { message: `Not run (${result.status}).`, line: null },
      }))
  await runs.hidden({ runId, cases })
}
