import { describe, expect, it } from 'vitest'
import { RUN_LIMITS } from '@nudge/shared'
import { createSqliteStore } from '../store/sqlite.ts'
import { RunLog } from './run-log.ts'

const round = { n: 1, interviewerSeat: 'seat-i', phase: null, hiddenTests: 2 }
const ada = { participantId: 'p-ada', name: 'Ada', seat: 'seat-c' }
const ivy = { participantId: 'p-ivy', name: 'Ivy', seat: 'seat-i' }
const result = (runId: string) => ({ runId, status: 'passed' as const, output: '', outputTruncated: false, cases: [], error: null, durationMs: 1 })

describe('RunLog memory', () => {
  it('keeps only runs in flight; rooms without any leave memory once their start times age out', async () => {
    const store = createSqliteStore(':memory:')
    await store.migrate()
    let t = 1_000_000
    const log = new RunLog(store, () => t)
    const opts = { language: 'javascript' as const, kind: 'tests' as const, private: false, stateVector: null }
    for (const roomId of ['r1', 'r2', 'r3']) {
      const run = await log.start(roomId, ada, round, opts)
      await log.finish(roomId, ada, 1, result(run.id))
    }
    // r1's hidden results arrive; r2 and r3 still wait for theirs.
    const [r1] = await log.history('r1', 'seat-i', 'interviewer')
    await log.hidden('r1', ivy, r1!.id, [{ index: 0, input: '1', expected: '1', actual: '1', passed: true, ms: 1, error: null }, { index: 1, input: '1', expected: '1', actual: '2', passed: false, ms: 1, error: null }])
    expect((await log.history('r1', 'seat-c', 'candidate'))[0]).toMatchObject({ hidden: { passed: 1, state: 'done' }, hiddenCases: null })
    expect(log.loadedRooms).toBe(3)
    // A run that never gets its hidden results, and one left running, are closed by the sweep.
    const stuck = await log.start('r4', ada, { ...round, hiddenTests: 0 }, opts)
    t += RUN_LIMITS.abandonAfterMs + 60_001
    await log.sweep()
    expect(log.loadedRooms).toBe(0)
    expect((await log.history('r4', 'seat-c', 'candidate')).map((r) => [r.id, r.status])).toEqual([[stuck.id, 'abandoned']])
    expect(await log.history('r3', 'seat-c', 'candidate')).toHaveLength(1)
  })
})
