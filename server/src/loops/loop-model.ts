import { AppError, LOOP_STAGE_LABEL, type CreateLoopBody, type LoopStageKind, type LoopStageStatus } from '@nudge/shared'
import type { ClockStatus } from '@nudge/shared'

/**
 * A loop's plan and the rules of its stages, as plain data and pure functions (no store, no
 * transport): which stage is open, what state each is in, when a take-home may be submitted and
 * whether it is late. The service (loop-service.ts) feeds it what the rooms say.
 */

export interface LoopInterviewer {
  id: string
  name: string
}

export interface LoopStage {
  n: number
  kind: LoopStageKind
  questionId: string | null
  minutes: number | null
  /** Who interviews (null for the take-home itself). */
  interviewerId: string | null
  /** Take-home only: ms since epoch. */
  deadlineAt: number | null
  /** The stage's room; a review's room is made when its take-home is submitted (with that code). */
  roomId: string | null
}

/** Stored as the loop row's JSON. */
export interface LoopData {
  v: 1
  title: string
  target: string
  candidate: string
  interviewers: LoopInterviewer[]
  stages: LoopStage[]
}

export interface LoopRecord {
  id: string
  /** sha256 of the owner's secret. */
  ownerHash: string
  /** Random key the candidate's, interviewers' and rooms' secrets are derived from (HMAC). */
  linkKey: string
  data: LoopData
  createdAt: number
  closedAt: number | null
  packetSharedAt: number | null
}

export interface SubmissionRecord {
  loopId: string
  stage: number
  language: string
  code: string
  submittedAt: number
  late: boolean
}

/** The plan a creation request describes; interviewers are one per distinct name (case-insensitive). */
export function planLoop(body: CreateLoopBody & { target: string; stages: { questionId: string | null }[] }, now: number): LoopData {
  const interviewers: LoopInterviewer[] = []
  const interviewerId = (name: string | undefined): string | null => {
    if (name === undefined) return null
    const found = interviewers.find((i) => i.name.toLowerCase() === name.toLowerCase())
    if (found) return found.id
    const id = `i${interviewers.length + 1}`
    interviewers.push({ id, name })
    return id
  }
  const stages = body.stages.map((s, i): LoopStage => ({
    n: i + 1,
    kind: s.kind,
    questionId: s.questionId ?? null,
    minutes: s.minutes ?? null,
    interviewerId: interviewerId(s.interviewer),
    deadlineAt: s.deadlineHours === undefined ? null : now + s.deadlineHours * 3_600_000,
    roomId: null,
  }))
  return { v: 1, title: body.title, target: body.target, candidate: body.candidate, interviewers, stages }
}

/** The take-home a review stage reviews: the nearest take-home before it. */
export function reviewedTakeHome(stages: LoopStage[], n: number): LoopStage | undefined {
  return stages.slice(0, n - 1).reverse().find((s) => s.kind === 'take-home')
}

/** What the rooms say about a stage. */
export interface StageFacts {
  submission: { submittedAt: number; late: boolean } | null
  /** Someone has opened the stage's room. */
  visited: boolean
  /** The room's current round: its number and clock. */
  round: { n: number; clock: ClockStatus } | null
}

export interface StageState {
  status: LoopStageStatus
  open: boolean
  waiting: string | null
}

function statusOf(stage: LoopStage, f: StageFacts): LoopStageStatus {
  if (stage.kind === 'take-home') return f.submission ? 'done' : f.visited ? 'in-progress' : 'not-started'
  if (!stage.roomId || !f.round) return 'not-started'
  // A stage is one round; a room that moved on to another round has finished it.
  if (f.round.clock === 'ended' || f.round.n > 1) return 'done'
  return f.round.clock === 'idle' ? 'not-started' : 'in-progress'
}

/**
 * Each stage's state. A stage opens when the one before it is done (the loop is rehearsed in
 * order), and a review also needs its take-home submitted, since its room starts from that code.
 */
export function stageStates(data: LoopData, facts: StageFacts[], closed: boolean): StageState[] {
  const out: StageState[] = []
  data.stages.forEach((stage, i) => {
    const status = statusOf(stage, facts[i]!)
    const prev = i > 0 ? { stage: data.stages[i - 1]!, state: out[i - 1]! } : null
    let waiting: string | null = null
    if (closed && status !== 'done') waiting = 'The loop is closed.'
    else if (prev && prev.state.status !== 'done') waiting = `Opens when stage ${prev.stage.n} (${LOOP_STAGE_LABEL[prev.stage.kind]}) is done.`
    else if (stage.kind === 'take-home-review' && !stage.roomId) waiting = 'Opens when the take-home is submitted.'
    out.push({ status, open: waiting === null, waiting })
  })
  return out
}

/** Whether a take-home may be submitted now, and whether it is late. Throws the reason it may not. */
export function checkSubmission(loop: LoopRecord, n: number, state: StageState | undefined, existing: boolean, now: number): { late: boolean } {
  const stage = loop.data.stages[n - 1]
  if (!stage || !state) throw new AppError('NOT_FOUND', 'This loop has no such stage.')
  if (stage.kind !== 'take-home') throw new AppError('BAD_REQUEST', `Stage ${n} is a ${LOOP_STAGE_LABEL[stage.kind].toLowerCase()} stage; only a take-home is submitted.`)
  if (existing) throw new AppError('CONFLICT', 'This take-home was already submitted; a submission never changes.')
  if (loop.closedAt !== null) throw new AppError('CONFLICT', 'This loop is closed: nothing more can be submitted.')
  if (!state.open) throw new AppError('CONFLICT', state.waiting ?? 'This stage is not open yet.')
  return { late: stage.deadlineAt !== null && now > stage.deadlineAt }
}
