import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import { LANGUAGE_LABELS, RUN_LIMITS, type Language, type Run } from '@nudge/shared'
import type { CollabSession } from '../../collab/session.ts'
import type { InterviewSnapshot } from '../../realtime/interviewClient.ts'
import { hiddenSummary, summary } from '../../realtime/runs.ts'
import type { RunsClient } from '../../realtime/runsClient.ts'
import { CommandError } from '../../realtime/socket.ts'
import { asCases, isRunnable, runHidden, runInRoom } from './runCode.ts'
import { Sandbox, type PythonState } from './sandbox.ts'
import './runner.css'

export interface RunPanelProps {
  runs: RunsClient
  interview: InterviewSnapshot
  session: CollabSession | null
  language: Language | null
}

const STATUS_LABEL: Record<Run['status'], string> = {
  running: 'running…', passed: 'passed', failed: 'failed', ran: 'ran', error: 'error', timeout: 'timed out', crashed: 'crashed', abandoned: 'abandoned',
}

/**
 * Run and Run tests for a coding round (docs/runner.md): the code runs here, in a sandboxed
 * frame; everyone in the room sees the same run, its streamed output and its results.
 */
export function RunPanel({ runs, interview, session, language }: RunPanelProps) {
  const { runs: list } = useSyncExternalStore(runs.subscribe, runs.getSnapshot)
  const [sandbox, setSandbox] = useState<Sandbox | null>(null)
  const [python, setPython] = useState<PythonState>('cold')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [selected, setSelected] = useState<string | null>(null)
  const st = interview.state
  const role = st?.role ?? 'observer'
  const question = st?.question?.kind === 'coding' ? st.question : null
  const staffQuestion = interview.staff?.question?.kind === 'coding' ? interview.staff.question : null
  const timeLimitMs = question?.timeLimitMs ?? RUN_LIMITS.defaultTimeLimitMs
  const canRun = role !== 'observer'

  useEffect(() => {
    if (!canRun) return
    const s = new Sandbox()
    s.onPython = setPython
    setSandbox(s)
    return () => s.destroy()
  }, [canRun])

  // Python warms up in the background as soon as the room's language is Python.
  useEffect(() => {
    if (sandbox && language === 'python') sandbox.warm()
  }, [sandbox, language])

  // The round interviewer's page runs the hidden tests of every shared or private test run.
  const hiddenRef = useRef({ sandbox, staffQuestion, role, timeLimitMs })
  hiddenRef.current = { sandbox, staffQuestion, role, timeLimitMs }
  useEffect(() => runs.onStarted(({ run, code }) => {
    const { sandbox: sb, staffQuestion: q, role: r, timeLimitMs: limit } = hiddenRef.current
    if (!sb || !q || r !== 'interviewer' || run.kind !== 'tests' || run.hidden?.state !== 'pending' || !isRunnable(run.language)) return
    const tests = asCases(q.tests, (t) => t.hidden === true)
    void runHidden(runs, sb, run.id, { language: run.language, code, functionName: q.functionName, tests, timeLimitMs: limit }).catch(() => undefined)
  }), [runs])

  const start = async (kind: 'code' | 'tests', isPrivate = false) => {
    if (!sandbox || !session || !language || busy) return
    if (!isRunnable(language)) return
    setError(null)
    setBusy(true)
    try {
      const tests = kind === 'tests' ? (staffQuestion ? asCases(staffQuestion.tests, (t) => !t.hidden) : asCases(question?.publicTests ?? [], () => true)) : null
      await runInRoom(runs, sandbox, {
        language, code: session.text.toString(), functionName: question?.functionName, tests, private: isPrivate, timeLimitMs,
      })
    } catch (err) {
      setError(err instanceof CommandError ? err.message : 'The run could not start.')
    } finally {
      setBusy(false)
    }
  }

  const startRef = useRef(start)
  startRef.current = start
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault()
        void startRef.current('code')
      }
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])

  // A new run (anyone's) is shown as it starts; picking one from the history holds until then.
  const newest = list[0]?.id
  useEffect(() => setSelected(null), [newest])
  const shown = useMemo(() => list.find((r) => r.id === selected) ?? list[0] ?? null, [list, selected])
  const running = list.some((r) => r.status === 'running')
  const runnable = language !== null && isRunnable(language)
  const testCount = staffQuestion ? staffQuestion.tests.filter((t) => !t.hidden).length : (question?.publicTests.length ?? 0)

  return (
    <section className="run-panel" aria-label="Run code">
      <div className="run-toolbar">
        {canRun && (
          <>
            <button className="button primary" type="button" disabled={!runnable || busy || running || !sandbox} onClick={() => void start('code')} title="Ctrl/Cmd+Enter">
              ▶ Run
            </button>
            <button className="button" type="button" disabled={!runnable || busy || running || !question || testCount === 0} onClick={() => void start('tests')}>
              Run tests{question ? ` (${testCount}${question.hiddenTestCount || staffQuestion?.tests.some((t) => t.hidden) ? ' + hidden' : ''})` : ''}
            </button>
            {role === 'interviewer' && (
              <button className="button ghost" type="button" disabled={!runnable || busy || running || !question} onClick={() => void start('tests', true)} title="Only you see this run">
                Run privately
              </button>
            )}
          </>
        )}
        <span className="run-note" role="status">
          {language && !runnable
            ? `This server cannot run ${LANGUAGE_LABELS[language]}: JavaScript, TypeScript and Python run in the browser.`
            : language === 'python' && python === 'warming'
              ? 'Python is warming up…'
              : language === 'python' && python === 'failed'
                ? 'Python could not start in this browser.'
                : !canRun
                  ? 'Observers see the runs; they cannot start one.'
                  : ''}
        </span>
        {error && <span className="run-error" role="alert">{error}</span>}
      </div>
      {shown && <RunDetail run={shown} />}
      {list.length > 1 && (
        <details className="run-history">
          <summary>History ({list.length})</summary>
          <ol>
            {list.map((r) => (
              <li key={r.id}>
                <button type="button" className={`button link${shown?.id === r.id ? ' current' : ''}`} onClick={() => setSelected(r.id)}>
                  {new Date(r.startedAt).toLocaleTimeString()} · {r.by.name}{r.private ? ' (private)' : ''} · {LANGUAGE_LABELS[r.language]} · {summary(r) ?? STATUS_LABEL[r.status]}
                </button>
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  )
}

function RunDetail({ run }: { run: Run }) {
  const total = summary(run)
  const hidden = hiddenSummary(run)
  return (
    <div className={`run-detail run-${run.status}`} data-run-id={run.id}>
      <p className="run-head">
        <strong>{run.by.name}</strong> {run.kind === 'tests' ? 'ran the tests' : 'ran the code'} in {LANGUAGE_LABELS[run.language]}
        {run.private && <span className="chip">private</span>}
        {' · '}
        <span className="run-status">{STATUS_LABEL[run.status]}</span>
        {total && <span className="run-summary"> · {total}</span>}
        {run.durationMs !== null && <span className="run-time"> · {Math.round(run.durationMs)} ms</span>}
      </p>
      {hidden && <p className="run-hidden">{hidden}</p>}
      {run.error && (
        <p className="run-exception">
          {run.error.message}
          {run.error.line !== null && ` (line ${run.error.line})`}
        </p>
      )}
      {run.output && (
        <pre className="run-output" aria-label="Output">
          {run.output}
          {run.outputTruncated && '\n… output cut here'}
        </pre>
      )}
      {run.cases.length > 0 && <CaseTable cases={run.cases} label="Tests" />}
      {run.hiddenCases && <CaseTable cases={run.hiddenCases} label="Hidden tests (only you see these)" />}
    </div>
  )
}

function CaseTable({ cases, label }: { cases: Run['cases']; label: string }) {
  return (
    <table className="run-cases">
      <caption>{label}</caption>
      <thead>
        <tr><th>#</th><th>Input</th><th>Expected</th><th>Actual</th><th>Result</th><th>Time</th></tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.index} className={c.passed ? 'pass' : 'fail'}>
            <td>{c.index + 1}</td>
            <td><code>{c.input}</code></td>
            <td><code>{c.expected}</code></td>
            <td>
              {c.actual !== null ? <code>{c.actual}</code> : null}
              {c.error && <span className="case-error">{c.error.message}{c.error.line !== null && ` (line ${c.error.line})`}</span>}
            </td>
            <td>{c.passed ? 'pass' : 'fail'}</td>
            <td>{c.ms < 1 ? '<1' : Math.round(c.ms)} ms</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export default RunPanel
