import { describe, expect, it } from 'vitest'
import { CreateLoopBody } from '@nudge/shared'
import { checkSubmission, planLoop, reviewedTakeHome, stageStates, type LoopRecord, type StageFacts } from './loop-model.ts'

const HOUR = 3_600_000
const body = CreateLoopBody.parse({
  title: 'Backend loop',
  target: 'Acme',
  candidate: 'Ada',
  stages: [
    { kind: 'take-home', questionId: 'two-sum', deadlineHours: 48 },
    { kind: 'take-home-review', interviewer: 'Ivy' },
    { kind: 'coding', questionId: 'two-sum', interviewer: 'Olu', minutes: 45 },
    { kind: 'behavioral', interviewer: 'ivy' },
  ],
})
const idle: StageFacts = { submission: null, visited: false, round: null }

describe('loop plan', () => {
  it('gives one interviewer per distinct name and a take-home its deadline', () => {
    const plan = planLoop(body, 1_000)
    expect(plan.interviewers).toEqual([{ id: 'i1', name: 'Ivy' }, { id: 'i2', name: 'Olu' }])
    expect(plan.stages.map((s) => s.interviewerId)).toEqual([null, 'i1', 'i2', 'i1'])
    expect(plan.stages[0]!.deadlineAt).toBe(1_000 + 48 * HOUR)
    expect(reviewedTakeHome(plan.stages, 2)?.n).toBe(1)
  })

  it('refuses a plan that cannot be rehearsed, saying which stage and why', () => {
    const bad = (stages: unknown[]) => CreateLoopBody.safeParse({ title: 't', candidate: 'Ada', stages }).error?.issues.map((i) => i.message)
    expect(bad([{ kind: 'take-home-review', interviewer: 'Ivy' }])).toEqual(['Stage 1: a take-home review comes after a take-home.'])
    expect(bad([{ kind: 'take-home', questionId: 'x' }])).toEqual(['Stage 1: a take-home needs a deadline (deadlineHours).'])
    expect(bad([{ kind: 'coding' }])).toEqual(['Stage 1: who interviews this stage?'])
    expect(bad([])).toEqual(['A loop needs at least one stage.'])
    expect(bad(Array.from({ length: 7 }, (_, i) => ({ kind: 'coding', interviewer: `P${i}` })))).toEqual(['A loop has at most 6 different interviewers.'])
  })
})

describe('stage states', () => {
  const plan = planLoop(body, 0)
  it('opens stages in order; a review waits for its take-home', () => {
    const s = stageStates(plan, [idle, idle, idle, idle], false)
    expect(s.map((x) => x.open)).toEqual([true, false, false, false])
    expect(s[1]!.waiting).toBe('Opens when stage 1 (Take-home) is done.')

    const submitted: StageFacts = { submission: { submittedAt: 5, late: false }, visited: true, round: null }
    const noRoom = stageStates(plan, [submitted, idle, idle, idle], false)
    expect(noRoom[0]!.status).toBe('done')
    expect(noRoom[1]).toEqual({ status: 'not-started', open: false, waiting: 'Opens when the take-home is submitted.' })

    const withRoom = { ...plan, stages: plan.stages.map((x) => (x.n === 2 ? { ...x, roomId: 'room-review' } : x)) }
    const running = stageStates(withRoom, [submitted, { ...idle, round: { n: 1, clock: 'running' } }, idle, idle], false)
    expect(running.map((x) => x.status)).toEqual(['done', 'in-progress', 'not-started', 'not-started'])
    expect(running.map((x) => x.open)).toEqual([true, true, false, false])
    // A room that moved on to a second round finished the stage's round.
    const moved = stageStates(withRoom, [submitted, { ...idle, round: { n: 2, clock: 'idle' } }, idle, idle], false)
    expect(moved[1]!.status).toBe('done')
    expect(moved[2]!.open).toBe(true) // its predecessor is done
  })

  it('a closed loop opens nothing that is not done', () => {
    const s = stageStates(plan, [idle, idle, idle, idle], true)
    expect(s.every((x) => !x.open && x.waiting === 'The loop is closed.')).toBe(true)
  })
})

describe('submitting a take-home', () => {
  const plan = planLoop(body, 0)
  const loop: LoopRecord = { id: 'loop1234', ownerHash: 'h', linkKey: 'k', data: plan, createdAt: 0, closedAt: null, packetSharedAt: null }
  const open = { status: 'in-progress' as const, open: true, waiting: null }
  it('is on time before the deadline and late after it', () => {
    expect(checkSubmission(loop, 1, open, false, 47 * HOUR)).toEqual({ late: false })
    expect(checkSubmission(loop, 1, open, false, 49 * HOUR)).toEqual({ late: true })
  })
  it('is refused twice, after closing, for another kind of stage, or a stage that does not exist', () => {
    expect(() => checkSubmission(loop, 1, open, true, 0)).toThrow('already submitted')
    expect(() => checkSubmission({ ...loop, closedAt: 1 }, 1, open, false, 0)).toThrow('closed')
    expect(() => checkSubmission(loop, 3, open, false, 0)).toThrow('only a take-home is submitted')
    expect(() => checkSubmission(loop, 9, undefined, false, 0)).toThrow('no such stage')
  })
})
