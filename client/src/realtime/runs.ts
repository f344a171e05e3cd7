import type { Run } from '@nudge/shared'

/**
 * The room's runs as this page knows them, newest first: a pure fold of the run events so it can
 * be tested without a socket. A run known in its staff version (with hidden-test details) keeps
 * them when the public version of the same run arrives later.
 */
export function upsertRun(runs: readonly Run[], incoming: Run): Run[] {
  const i = runs.findIndex((r) => r.id === incoming.id)
  if (i === -1) return [incoming, ...runs].sort((a, b) => b.startedAt - a.startedAt)
  const known = runs[i]!
  const merged: Run = {
    ...incoming,
    hiddenCases: incoming.hiddenCases ?? known.hiddenCases,
    // Output streamed while running is kept if the final version arrives without it.
    output: incoming.output || known.output,
  }
  const next = runs.slice()
  next[i] = merged
  return next
}

export function appendOutput(runs: readonly Run[], runId: string, chunk: string): Run[] {
  const i = runs.findIndex((r) => r.id === runId)
  if (i === -1 || runs[i]!.status !== 'running') return runs as Run[]
  const next = runs.slice()
  next[i] = { ...runs[i]!, output: runs[i]!.output + chunk }
  return next
}

/** Full history from the server, with any staff details this page already had. */
export function mergeHistory(runs: readonly Run[], history: readonly Run[]): Run[] {
  return history.reduce<Run[]>((acc, r) => upsertRun(acc, r), runs.filter((r) => history.some((h) => h.id === r.id)))
}

export function summary(run: Run): string | null {
  if (run.kind !== 'tests' || run.cases.length === 0) return null
  return `${run.cases.filter((c) => c.passed).length} / ${run.cases.length} passed`
}

export function hiddenSummary(run: Run): string | null {
  const h = run.hidden
  if (!h) return null
  const tests = `${h.total} hidden test${h.total === 1 ? '' : 's'}`
  if (h.state === 'pending') return run.status === 'running' ? null : `${tests}: waiting for the interviewer's page`
  if (h.state === 'not-run') return `${tests}: not run`
  return `${tests}: ${h.passed} passed, ${h.total - h.passed} failed`
}
