import { z } from 'zod'
import { Language } from './protocol.ts'

/**
 * Code runs in the room (docs/runner.md). The browser that runs the code is the runner; the
 * server only checks who may run, bounds and validates what it relays, stamps it, keeps a short
 * history per room and sends each part to its audience:
 * - a shared run goes to everyone, except the details of hidden tests (interviewer seat only);
 * - a private run ("Run privately") goes only to the round interviewer's seat.
 * The public projection of a run carries hidden tests as counts only.
 */
export const RUN_LIMITS = {
  /** Characters of code sent with `run:start` (the question format caps starter code at 10 000). */
  codeChars: 20_000,
  /** Characters of console output kept per run; more is cut and marked truncated. */
  outputChars: 16_000,
  /** Characters of one `run:output` chunk, and chunks relayed per run. */
  chunkChars: 4_000,
  chunksPerRun: 40,
  /** Test cases per result (the question bank has fewer than 20 per question). */
  cases: 50,
  /** Characters of one rendered value (input, expected, actual) or error message. */
  valueChars: 1_000,
  /** Runs sent to late joiners (newest first). */
  historyPerRoom: 30,
  /** Finished runs recorded in a room's event log (the interview's record); then runs are refused. */
  storedPerRoom: 500,
  /** Runs a seat may start per minute (on top of the per-connection command limit). */
  runsPerMinutePerSeat: 12,
  /** Time limit of one run: the default, and the most a question may ask for. */
  defaultTimeLimitMs: 5_000,
  maxTimeLimitMs: 15_000,
  /** A run not finished this long after its start is closed as abandoned, freeing the room. */
  abandonAfterMs: 60_000,
} as const

/** Languages the in-browser runner can run; others need a server-side runner (docs/runner.md). */
export const BROWSER_RUN_LANGUAGES = ['javascript', 'typescript', 'python'] as const satisfies readonly Language[]
export const canRunInBrowser = (l: Language): boolean => (BROWSER_RUN_LANGUAGES as readonly string[]).includes(l)

const RunId = z.string().regex(/^[A-Za-z0-9_-]{6,40}$/)
const RoundNo = z.number().int().min(1).max(1000)
const value = z.string().max(RUN_LIMITS.valueChars)

export const RunKind = z.enum(['code', 'tests'])
export type RunKind = z.infer<typeof RunKind>

/** How a run ended. `error`: the code threw outside a test (syntax error, top-level throw). */
export const RunStatus = z.enum(['running', 'passed', 'failed', 'ran', 'error', 'timeout', 'crashed', 'abandoned'])
export type RunStatus = z.infer<typeof RunStatus>

export const RunError = z.object({ message: value, line: z.number().int().min(1).max(1_000_000).nullable() })
export type RunError = z.infer<typeof RunError>

/** One test case's result; values are rendered as JSON (or Python repr) text by the runner. */
export const CaseResult = z.object({
  index: z.number().int().min(0).max(999),
  input: value,
  expected: value,
  actual: value.nullable(),
  passed: z.boolean(),
  ms: z.number().min(0).max(60_000),
  error: RunError.nullable(),
})
export type CaseResult = z.infer<typeof CaseResult>

export const HiddenSummary = z.object({
  total: z.number().int().min(0).max(RUN_LIMITS.cases),
  passed: z.number().int().min(0).max(RUN_LIMITS.cases),
  /** 'pending' until the interviewer's page has run them; 'not-run' if nobody could. */
  state: z.enum(['pending', 'done', 'not-run']),
})
export type HiddenSummary = z.infer<typeof HiddenSummary>

export const Run = z.object({
  id: RunId,
  round: RoundNo,
  /** The clock phase it ran in, if the clock had started. */
  phase: z.string().nullable(),
  language: Language,
  kind: RunKind,
  private: z.boolean(),
  by: z.object({ participantId: z.string(), name: z.string() }),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  status: RunStatus,
  /** Base64 Yjs state vector of the code when the run started: which code ran. */
  stateVector: z.string().nullable(),
  output: z.string(),
  outputTruncated: z.boolean(),
  cases: z.array(CaseResult),
  error: RunError.nullable(),
  durationMs: z.number().nullable(),
  hidden: HiddenSummary.nullable(),
  /** Hidden test details: only in the round interviewer's copy. */
  hiddenCases: z.array(CaseResult).nullable(),
})
export type Run = z.infer<typeof Run>

const FinishedStatus = RunStatus.exclude(['running', 'abandoned'])

export const RunResultInput = z.object({
  runId: RunId,
  status: FinishedStatus,
  output: z.string().max(RUN_LIMITS.outputChars),
  outputTruncated: z.boolean(),
  cases: z.array(CaseResult).max(RUN_LIMITS.cases),
  error: RunError.nullable(),
  durationMs: z.number().min(0).max(120_000),
})
export type RunResultInput = z.infer<typeof RunResultInput>

export const runCommands = {
  /** Starts a run; refused while another run of the room is running. `code` is what will run. */
  'run:start': {
    payload: z.object({
      language: Language,
      kind: RunKind,
      private: z.boolean().default(false),
      code: z.string().max(RUN_LIMITS.codeChars),
    }),
    result: Run,
  },
  /** A chunk of console output of the sender's running run. */
  'run:output': {
    payload: z.object({ runId: RunId, chunk: z.string().min(1).max(RUN_LIMITS.chunkChars) }),
    result: z.object({ accepted: z.boolean() }),
  },
  'run:finish': { payload: RunResultInput, result: Run },
  /** The round interviewer's page reports the hidden tests it ran against a run's code. */
  'run:hidden': {
    payload: z.object({ runId: RunId, cases: z.array(CaseResult).max(RUN_LIMITS.cases) }),
    result: z.object({ ok: z.literal(true) }),
  },
  /** The room's runs as this seat may see them, newest first. */
  'run:list': { payload: z.object({}).strict(), result: z.object({ runs: z.array(Run) }) },
} as const

/** What a run's listeners need to run hidden tests: the code that ran (public event). */
export const RunStarted = z.object({ run: Run, code: z.string() })

export const runEvents = {
  'run:started': RunStarted,
  'run:output': z.object({ runId: RunId, chunk: z.string() }),
  'run:finished': Run,
  /** Sent on connect: the room's runs as this socket may see them, newest first. */
  'run:history': z.object({ runs: z.array(Run) }),
} as const

/** Only to the round interviewer's seat: private runs and hidden-test details. */
export const runPrivateEvents = {
  'run:staff-started': RunStarted,
  'run:staff-output': z.object({ runId: RunId, chunk: z.string() }),
  'run:staff-finished': Run,
} as const

/** How a run's status reads in the debrief and its export. */
export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  running: 'running', passed: 'passed', failed: 'failed', ran: 'ran', error: 'error',
  timeout: 'timed out', crashed: 'crashed', abandoned: 'abandoned',
}

/** One line about a run's results: "3 / 4 passed · hidden 1 / 2 passed". */
export function runSummary(run: Run): string {
  const parts: string[] = []
  if (run.kind === 'tests' && run.cases.length > 0) parts.push(`${run.cases.filter((c) => c.passed).length} / ${run.cases.length} passed`)
  if (run.hidden) parts.push(run.hidden.state === 'done' ? `hidden ${run.hidden.passed} / ${run.hidden.total} passed` : `${run.hidden.total} hidden waiting`)
  if (run.error) parts.push(`error${run.error.line ? ` (line ${run.error.line})` : ''}: ${run.error.message}`)
  return parts.join(' · ')
}
