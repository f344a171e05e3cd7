import type { CaseResult } from '@nudge/shared'
import './hiddenCases.css'

/**
 * A run's hidden tests in the debrief (only the round's interviewer gets them): one small card
 * per test, its input, expected and actual values each on a line of their own, so long JSON
 * wraps inside a narrow column instead of running the values together in one sentence.
 */
export function HiddenCases({ cases }: { cases: readonly CaseResult[] }) {
  // Open when one failed: that is what an interviewer looks for.
  const passed = cases.filter((c) => c.passed).length
  return (
    <details className="hidden-cases" open={passed < cases.length}>
      <summary>
        Hidden tests <span className="muted">· only you see these</span>
      </summary>
      <ol data-testid="debrief-run-hidden">
        {cases.map((c) => (
          <li key={c.index} className={c.passed ? 'pass' : 'fail'}>
            <p className="hidden-case-head">
              <span aria-hidden="true">{c.passed ? '✓' : '✗'}</span> Hidden test {c.index + 1}: <strong>{c.passed ? 'passed' : 'failed'}</strong>
              <span className="muted"> · {Math.round(c.ms)} ms</span>
            </p>
            <dl>
              <dt>Input</dt>
              <dd><code>{c.input}</code></dd>
              <dt>Expected</dt>
              <dd><code>{c.expected}</code></dd>
              {c.error ? (
                <>
                  <dt>Error</dt>
                  <dd><code>{c.error.message}{c.error.line !== null ? ` (line ${c.error.line})` : ''}</code></dd>
                </>
              ) : (
                <>
                  <dt>Got</dt>
                  <dd><code>{c.actual ?? '—'}</code></dd>
                </>
              )}
            </dl>
          </li>
        ))}
      </ol>
    </details>
  )
}
