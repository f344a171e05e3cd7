import { randomBytes } from 'node:crypto'
import {
  AppError, DOC, LOOP_LIMITS, LOOP_STAGE_LABEL, REVIEW_LIMITS, type CreateLoopResponse, type Debrief, type LoopDecisionInput, type LoopPacket,
  type ReviewCommentInput, type ReviewComments, type InterviewerQuestionView, type LoopStageKind,
  type LoopStageView, type LoopView, type QuestionKind, type Role, type RoomLoop, type RoomLoopRef, type TakeHomeSubmission,
} from '@nudge/shared'
import type { CreateLoopBody } from '@nudge/shared'
import type { StateRecord, Store } from '../store/types.ts'
import { hashToken, newRoomId, seatOf } from '../rooms/invites.ts'
import type { RoomService } from '../rooms/room-service.ts'
import type { QuestionBank } from '../interview/question-bank.ts'
import { newRound, type RoundState } from '../interview/rounds.ts'
import { createClock, defaultPhases } from '../interview/clock.ts'
import type { Code } from '../interview/document.ts'
import { derivedSecret, matchesHash, newLinkKey, newSecret, roomSecret, type InviteLabel } from '../cohorts/secrets.ts'
import { buildPacket, type StoredDecision } from './loop-packet.ts'
import type * as Y from 'yjs'
import { anchoredRange, anchoredWholeLine, checkSelection, initialTextStart, lineOffset, offsetOf, rangeAnchorsAt } from './review-anchors.ts'
import {
  checkSubmission, planLoop, reviewedTakeHome, stageStates,
  type LoopRecord, type LoopStage, type StageFacts, type StageState, type SubmissionRecord,
} from './loop-model.ts'

export interface LoopDeps {
  store: Store
  rooms: RoomService
  bank: QuestionBank
  /** A room's current round, and its code document now. */
  rounds: {
    current(roomId: string): Promise<RoundState | undefined>
    code(roomId: string): Promise<Code>
    /** A round's debrief as the holder of `seat` sees it. */
    debrief(roomId: string, seat: string, n: number): Promise<Debrief>
    /** Runs `fn` on a room's code document as it is now (review ranges are resolved there). */
    inCode<T>(roomId: string, fn: (doc: Y.Doc) => T): Promise<T>
  }
  /** Base of the links it hands out; read at each use (a test server learns its port on listen). */
  publicUrl: () => string
  now?: () => number
}

/** Who a presented secret makes you in a loop. */
export type LoopSeat =
  | { role: 'owner'; name: string }
  | { role: 'candidate'; name: string }
  | { role: 'interviewer'; name: string; interviewerId: string }

const newId = () => randomBytes(9).toString('base64url')
/** A stage room's state key naming its loop and stage. */
const ROOM_LOOP_KEY = 'loop'
/** A stage room's state key holding its interviewer's decision (one writer per stage: no lost updates). */
const DECISION_KEY = 'loop:decision'
/** Review comments live in the review room's event log: appended, never rewritten (no lost updates). */
const REVIEW = { comment: 'loop.review.comment', removed: 'loop.review.removed', published: 'loop.review.published' } as const
/** Comment events a review room may hold (adds and removals), so a loop of add/remove cannot grow without end. */
const REVIEW_EVENTS_MAX = REVIEW_LIMITS.comments * 3
/**
 * A comment as appended to the log. `anchor` is its start; `end` (comments with ranges) its end:
 * a comment stored before ranges has no `end` and stays on its first line's start.
 */
interface StoredComment {
  id: string; kind: ReviewCommentInput['kind']; text: string; by: string; startLine: number; endLine: number; anchor: string
  end?: string; quote?: string
}
/** Rooms made before the stage's kind was recorded hold no `kind`; roomRef() looks it up. */
type StoredRoomLoopRef = Omit<RoomLoopRef, 'kind'> & { kind?: RoomLoopRef['kind'] }
const LANGUAGE = 'javascript' as const

const roundKind = (k: LoopStageKind): QuestionKind => (k === 'behavioral' || k === 'system-design' ? k : 'coding')
const candidateSecret = (linkKey: string) => derivedSecret(linkKey, 'loop:candidate')
const interviewerSecret = (linkKey: string, id: string) => derivedSecret(linkKey, `loop:interviewer:${id}`)

/**
 * Loops' domain logic, transport-free. A loop is authorized by one of three kinds of secret: the
 * owner's (random, stored hashed), the candidate's or an interviewer's (derived from the loop's
 * link key, like a cohort's student links). Each stage is a Nudge room whose invites are derived
 * too, so the loop page can lead each person into their seat without storing any secret.
 */
export class LoopService {
  private readonly now: () => number
  constructor(private readonly deps: LoopDeps) {
    this.now = deps.now ?? Date.now
  }

  private link(id: string, secret: string) {
    return `${this.deps.publicUrl()}/l/${id}#key=${secret}`
  }

  /**
   * `as` lets a cohort choose the loop's id and owner secret (derived from the cohort's key, so the
   * organizer holds owner rights on every loop they assign without any secret being stored).
   */
  async create(body: CreateLoopBody & { target: string; stages: { questionId: string | null }[] }, as?: { id: string; ownerSecret: string }): Promise<CreateLoopResponse> {
    const now = this.now()
    const data = planLoop(body, now)
    const questions = data.stages.map((s) => this.stageQuestion(data.stages, s))
    const loop: LoopRecord = { id: as?.id ?? newId(), ownerHash: '', linkKey: newLinkKey(), data, createdAt: now, closedAt: null, packetSharedAt: null }
    const owner = as?.ownerSecret ?? newSecret()
    loop.ownerHash = hashToken(owner)
    if (!(await this.deps.store.createLoop(loop, LOOP_LIMITS.loops))) {
      throw new AppError('TOO_LARGE', `This server already holds ${LOOP_LIMITS.loops} loops.`)
    }
    // Every stage but a review gets its room now; a review's starts from the submitted take-home.
    for (const [i, stage] of data.stages.entries()) {
      if (stage.kind !== 'take-home-review') stage.roomId = await this.openRoom(loop, stage, questions[i] ?? null, null)
    }
    await this.deps.store.saveLoopData(loop.id, data)
    return {
      id: loop.id,
      owner: this.link(loop.id, owner),
      candidate: { name: data.candidate, link: this.link(loop.id, candidateSecret(loop.linkKey)) },
      interviewers: data.interviewers.map((i) => ({ name: i.name, link: this.link(loop.id, interviewerSecret(loop.linkKey, i.id)) })),
    }
  }

  /** The candidate's link to a loop (a cohort shows it to that student alone). */
  candidateLink(loop: LoopRecord): string {
    return this.link(loop.id, candidateSecret(loop.linkKey))
  }

  /** The bank question of a stage (a review's is its take-home's), checked against the stage's kind. */
  private stageQuestion(stages: LoopStage[], stage: LoopStage): InterviewerQuestionView | null {
    const id = stage.kind === 'take-home-review' ? reviewedTakeHome(stages, stage.n)?.questionId : stage.questionId
    if (!id) return null
    const q = this.deps.bank.interviewerView(id)
    if (!q) throw new AppError('BAD_REQUEST', `Stage ${stage.n}: no such question: ${id}.`)
    if (q.kind !== roundKind(stage.kind)) {
      throw new AppError('BAD_REQUEST', `Stage ${stage.n}: "${q.title}" is a ${q.kind} question; a ${LOOP_STAGE_LABEL[stage.kind].toLowerCase()} stage needs a ${roundKind(stage.kind)} one.`)
    }
    return q
  }

  /** Creates a stage's room with its round written up front: kind, question, plan and seats. */
  private async openRoom(loop: LoopRecord, stage: LoopStage, q: InterviewerQuestionView | null, code: Code | null): Promise<string> {
    const roomId = newRoomId()
    const secret = (label: InviteLabel) => roomSecret(loop.linkKey, roomId, label)
    const language = (code?.language ?? LANGUAGE) as typeof LANGUAGE
    const starter = q?.kind === 'coding' ? (q.starter[LANGUAGE] ?? '').replace(/\r\n?/g, '\n') : ''
    await this.deps.rooms.createWith({
      id: roomId,
      title: `${loop.data.title} · ${LOOP_STAGE_LABEL[stage.kind]}`,
      language,
      code: code ? code.text : starter,
      invites: (['interviewer', 'candidate', 'observer', 'organizer'] as const).map((label) => ({
        role: label === 'organizer' ? 'observer' : label, secret: secret(label),
      })),
      owner: { kind: 'loop', id: loop.id },
    })
    const now = this.now()
    const seats = { interviewer: seatOf(hashToken(secret('interviewer'))), candidate: seatOf(hashToken(secret('candidate'))) }
    const kind = roundKind(stage.kind)
    const minutes = stage.minutes ?? q?.durationMinutes
    const phases = defaultPhases(kind, { minutes, answers: q?.kind === 'behavioral' ? 1 + q.followUps.length : undefined })
    const round: RoundState = {
      ...newRound(1, seats, now, kind),
      question: q,
      clock: createClock(phases),
      phasesCustomized: stage.minutes !== null,
      starter: q?.kind === 'coding' && !code ? { questionId: q.id, language: LANGUAGE, text: starter } : null,
    }
    const states: StateRecord[] = [
      { roomId, key: 'round:1', value: round, updatedAt: now },
      { roomId, key: 'interview', value: { current: 1 }, updatedAt: now },
      { roomId, key: ROOM_LOOP_KEY, value: { loopId: loop.id, stage: stage.n, kind: stage.kind } satisfies RoomLoopRef, updatedAt: now },
    ]
    await this.deps.store.commit({ states })
    return roomId
  }

  /** The loop and who `secret` makes you in it. The same answer for a missing loop and a wrong secret. */
  async authorize(loopId: string, secret: string | undefined): Promise<{ loop: LoopRecord; seat: LoopSeat }> {
    if (!secret) throw new AppError('UNAUTHORIZED', 'This needs your link to the loop.')
    const loop = await this.deps.store.getLoop(loopId)
    const denied = new AppError('FORBIDDEN', 'This link is not valid for this loop.')
    if (!loop) throw denied
    if (matchesHash(secret, loop.ownerHash)) return { loop, seat: { role: 'owner', name: 'Owner' } }
    if (matchesHash(secret, hashToken(candidateSecret(loop.linkKey)))) return { loop, seat: { role: 'candidate', name: loop.data.candidate } }
    const i = loop.data.interviewers.find((x) => matchesHash(secret, hashToken(interviewerSecret(loop.linkKey, x.id))))
    if (i) return { loop, seat: { role: 'interviewer', name: i.name, interviewerId: i.id } }
    throw denied
  }

  private async states(loop: LoopRecord): Promise<{ states: StageState[]; submissions: SubmissionRecord[] }> {
    const submissions = await this.deps.store.listSubmissions(loop.id)
    const facts = await Promise.all(loop.data.stages.map(async (stage): Promise<StageFacts> => {
      const sub = submissions.find((s) => s.stage === stage.n)
      if (!stage.roomId) return { submission: null, visited: false, round: null }
      const [participants, round] = await Promise.all([this.deps.rooms.participants(stage.roomId), this.deps.rounds.current(stage.roomId)])
      return {
        submission: sub ? { submittedAt: sub.submittedAt, late: sub.late } : null,
        visited: participants.length > 0,
        round: round ? { n: round.n, clock: round.clock.status } : null,
      }
    }))
    return { states: stageStates(loop.data, facts, loop.closedAt !== null), submissions }
  }

  async view(loop: LoopRecord, seat: LoopSeat): Promise<LoopView> {
    const { states, submissions } = await this.states(loop)
    const base = this.deps.publicUrl()
    const seesDecisions = seat.role !== 'candidate' || loop.packetSharedAt !== null
    const decisions = await Promise.all(loop.data.stages.map(async (stage) =>
      seesDecisions && stage.roomId ? ((await this.deps.store.getState<StoredDecision>(stage.roomId, DECISION_KEY)) ?? null) : null))
    const stages = loop.data.stages.map((stage, i): LoopStageView => {
      const state = states[i]!
      const label = this.labelOf(stage, seat)
      const token = stage.roomId && label ? roomSecret(loop.linkKey, stage.roomId, label) : null
      const q = this.questionTitle(loop.data.stages, stage)
      // A candidate learns a live stage's question in its room, not ahead of it (a review's is their own take-home).
      const showQuestion = seat.role !== 'candidate' || stage.kind === 'take-home' || stage.kind === 'take-home-review' || state.status === 'done'
      const sub = submissions.find((s) => s.stage === stage.n)
      const live = stage.kind !== 'take-home'
      return {
        n: stage.n,
        kind: stage.kind,
        question: showQuestion ? q : null,
        minutes: stage.minutes,
        interviewer: loop.data.interviewers.find((x) => x.id === stage.interviewerId)?.name ?? null,
        status: state.status,
        open: state.open,
        waiting: state.waiting,
        room: token && stage.roomId && (state.open || state.status === 'done')
          ? { url: `${base}/r/${stage.roomId}#token=${token}`, role: label === 'organizer' ? 'observer' : label! }
          : null,
        deadlineAt: stage.deadlineAt,
        submission: sub ? { submittedAt: sub.submittedAt, late: sub.late } : null,
        debrief: token && live && state.status === 'done' ? `${base}/r/${stage.roomId}/debrief/1#token=${token}` : null,
        decision: decisions[i] ?? null,
        yours: seat.role === 'interviewer' && stage.interviewerId === seat.interviewerId,
      }
    })
    return {
      id: loop.id,
      title: loop.data.title,
      target: loop.data.target,
      candidate: loop.data.candidate,
      viewer: { role: seat.role, name: seat.name },
      createdAt: loop.createdAt,
      closedAt: loop.closedAt,
      stages,
      packetSharedAt: loop.packetSharedAt,
      links: seat.role === 'owner'
        ? {
            candidate: { name: loop.data.candidate, link: this.link(loop.id, candidateSecret(loop.linkKey)) },
            interviewers: loop.data.interviewers.map((x) => ({ name: x.name, link: this.link(loop.id, interviewerSecret(loop.linkKey, x.id)) })),
          }
        : null,
    }
  }

  private questionTitle(stages: LoopStage[], stage: LoopStage): string | null {
    const id = stage.kind === 'take-home-review' ? reviewedTakeHome(stages, stage.n)?.questionId : stage.questionId
    return id ? (this.deps.bank.interviewerView(id)?.title ?? null) : null
  }

  /** Which of a stage room's invites a loop seat uses: its interviewer its own stages, the owner watches. */
  private labelOf(stage: LoopStage, seat: LoopSeat): InviteLabel | null {
    if (seat.role === 'owner') return 'organizer'
    if (seat.role === 'candidate') return 'candidate'
    return stage.interviewerId === seat.interviewerId ? 'interviewer' : null
  }

  /** The candidate hands in a take-home: its code now, frozen. The reviews of it get their rooms. */
  async submit(loop: LoopRecord, seat: LoopSeat, n: number): Promise<TakeHomeSubmission> {
    if (seat.role !== 'candidate') throw new AppError('FORBIDDEN', 'Only the candidate submits the take-home.')
    const { states, submissions } = await this.states(loop)
    const stage = loop.data.stages[n - 1]
    const { late } = checkSubmission(loop, n, states[n - 1], submissions.some((s) => s.stage === n), this.now())
    const code = await this.deps.rounds.code(stage!.roomId!)
    if (code.text.length > LOOP_LIMITS.submissionChars) {
      throw new AppError('TOO_LARGE', `A take-home is at most ${LOOP_LIMITS.submissionChars.toLocaleString('en')} characters; this one has ${code.text.length.toLocaleString('en')}.`)
    }
    const record: SubmissionRecord = { loopId: loop.id, stage: n, language: code.language, code: code.text, submittedAt: this.now(), late }
    if (!(await this.deps.store.addSubmission(record))) throw new AppError('CONFLICT', 'This take-home was already submitted; a submission never changes.')
    const made = new Map<number, string>()
    for (const review of loop.data.stages) {
      if (review.kind !== 'take-home-review' || review.roomId || reviewedTakeHome(loop.data.stages, review.n)?.n !== n) continue
      made.set(review.n, await this.openRoom(loop, review, this.stageQuestion(loop.data.stages, review), code))
    }
    if (made.size > 0) {
      // Re-read the plan and record only these rooms, so another take-home's submission in the
      // meantime keeps the rooms it recorded.
      const fresh = (await this.deps.store.getLoop(loop.id))!.data
      for (const [stageN, roomId] of made) fresh.stages[stageN - 1]!.roomId = roomId
      await this.deps.store.saveLoopData(loop.id, fresh)
    }
    return { stage: n, submittedAt: record.submittedAt, late, language: record.language, code: record.code }
  }

  /** A submitted take-home, to everyone in the loop (its reviewer reads it before the review). */
  async submission(loop: LoopRecord, n: number): Promise<TakeHomeSubmission> {
    const s = await this.deps.store.getSubmission(loop.id, n)
    if (!s) throw new AppError('NOT_FOUND', loop.data.stages[n - 1]?.kind === 'take-home' ? 'This take-home has not been submitted yet.' : 'This loop has no take-home at that stage.')
    return { stage: n, submittedAt: s.submittedAt, late: s.late, language: s.language, code: s.code }
  }

  /** The loop a room belongs to, as its participants see it (NOT_FOUND for a room of no loop). */
  async forRoom(roomId: string, role?: Role): Promise<{ loop: LoopRecord; view: RoomLoop }> {
    const ref = await this.deps.store.getState<StoredRoomLoopRef>(roomId, ROOM_LOOP_KEY)
    const loop = ref && (await this.deps.store.getLoop(ref.loopId))
    const stage = loop?.data.stages[ref!.stage - 1]
    if (!loop || !stage || stage.roomId !== roomId) throw new AppError('NOT_FOUND', 'This room is not part of a loop.')
    const sub = stage.kind === 'take-home' ? await this.deps.store.getSubmission(loop.id, stage.n) : undefined
    return {
      loop,
      view: {
        loopId: loop.id, title: loop.data.title, stage: stage.n, stages: loop.data.stages.length, kind: stage.kind,
        deadlineAt: stage.deadlineAt, submission: sub ? { submittedAt: sub.submittedAt, late: sub.late } : null, closed: loop.closedAt !== null,
        // The room's interviewer is the review's; anyone else in the room sees what the candidate may.
        review: stage.kind === 'take-home-review' && role
          ? await this.reviewComments(loop, role === 'interviewer'
            ? { role: 'interviewer', name: '', interviewerId: stage.interviewerId ?? '' }
            : { role: 'candidate', name: loop.data.candidate }, stage.n)
          : null,
      },
    }
  }

  /**
   * Which loop and stage a room is (null: none), for the room's join payload: one state read per
   * join; rooms made before the stage's kind was recorded also read their loop.
   */
  async roomRef(roomId: string): Promise<RoomLoopRef | null> {
    const ref = await this.deps.store.getState<StoredRoomLoopRef>(roomId, ROOM_LOOP_KEY)
    if (!ref) return null
    if (ref.kind) return { loopId: ref.loopId, stage: ref.stage, kind: ref.kind }
    const kind = (await this.deps.store.getLoop(ref.loopId))?.data.stages[ref.stage - 1]?.kind
    return kind ? { loopId: ref.loopId, stage: ref.stage, kind } : null
  }

  /**
   * The review a room holds, and the loop seat its invite stands for: the room's interviewer invite
   * is the review's interviewer (who writes the comments from the room); any other invite reads as
   * the candidate does.
   */
  async reviewInRoom(roomId: string, role: Role): Promise<{ loop: LoopRecord; n: number; seat: LoopSeat }> {
    const { loop, view } = await this.forRoom(roomId)
    if (view.kind !== 'take-home-review') throw new AppError('BAD_REQUEST', 'This room is not a take-home review.')
    const interviewer = loop.data.interviewers.find((x) => x.id === loop.data.stages[view.stage - 1]!.interviewerId)
    const seat: LoopSeat = role === 'interviewer' && interviewer
      ? { role: 'interviewer', name: interviewer.name, interviewerId: interviewer.id }
      : { role: 'candidate', name: loop.data.candidate }
    return { loop, n: view.stage, seat }
  }

  /** The candidate submits the take-home from its room, with the room's candidate invite. */
  async submitFromRoom(roomId: string, role: Role): Promise<TakeHomeSubmission> {
    const { loop, view } = await this.forRoom(roomId)
    if (role !== 'candidate') throw new AppError('FORBIDDEN', 'Only the candidate submits the take-home.')
    return this.submit(loop, { role: 'candidate', name: loop.data.candidate }, view.stage)
  }

  /** The stage's interviewer says whether they would advance the candidate, once the stage is done. */
  async decide(loop: LoopRecord, seat: LoopSeat, n: number, input: LoopDecisionInput): Promise<StoredDecision> {
    const stage = loop.data.stages[n - 1]
    if (!stage) throw new AppError('NOT_FOUND', 'This loop has no such stage.')
    if (stage.kind === 'take-home') throw new AppError('BAD_REQUEST', 'The take-home is decided on in its review.')
    if (seat.role !== 'interviewer' || stage.interviewerId !== seat.interviewerId) throw new AppError('FORBIDDEN', 'Only the stage\'s interviewer decides on it.')
    const { states } = await this.states(loop)
    if (states[n - 1]!.status !== 'done' || !stage.roomId) throw new AppError('CONFLICT', 'Finish the stage\'s round before deciding.')
    const decision: StoredDecision = { advance: input.advance, reason: input.reason, by: seat.name, at: this.now() }
    await this.deps.store.setState(stage.roomId, DECISION_KEY, decision, decision.at)
    return decision
  }

  /** The packet: for the loop's interviewers and owner at once, for the candidate once shared. */
  async packet(loop: LoopRecord, seat: LoopSeat): Promise<LoopPacket> {
    if (seat.role === 'candidate' && loop.packetSharedAt === null) {
      throw new AppError('CONFLICT', 'Your interviewers have not shared the packet yet. It appears here once they do.')
    }
    const { states, submissions } = await this.states(loop)
    const inputs = await Promise.all(loop.data.stages.map(async (stage, i) => {
      const status = states[i]!.status
      const live = stage.kind !== 'take-home' && stage.roomId !== null && status !== 'not-started'
      const seatOfInterviewer = stage.roomId ? seatOf(hashToken(roomSecret(loop.linkKey, stage.roomId, 'interviewer'))) : ''
      const sub = submissions.find((x) => x.stage === stage.n)
      return {
        n: stage.n,
        kind: stage.kind,
        question: this.questionTitle(loop.data.stages, stage),
        interviewer: loop.data.interviewers.find((x) => x.id === stage.interviewerId)?.name ?? null,
        status,
        debrief: live ? await this.deps.rounds.debrief(stage.roomId!, seatOfInterviewer, 1) : null,
        submission: sub ? { submittedAt: sub.submittedAt, late: sub.late, code: sub.code } : null,
        decision: stage.roomId ? ((await this.deps.store.getState<StoredDecision>(stage.roomId, DECISION_KEY)) ?? null) : null,
      }
    }))
    return buildPacket(
      { id: loop.id, title: loop.data.title, target: loop.data.target, candidate: loop.data.candidate },
      loop.packetSharedAt,
      inputs,
    )
  }

  /** A review stage whose room exists (its take-home was submitted). */
  private reviewStage(loop: LoopRecord, n: number): LoopStage & { roomId: string } {
    const stage = loop.data.stages[n - 1]
    if (!stage) throw new AppError('NOT_FOUND', 'This loop has no such stage.')
    if (stage.kind !== 'take-home-review') throw new AppError('BAD_REQUEST', `Stage ${n} is not a take-home review.`)
    if (!stage.roomId) throw new AppError('CONFLICT', 'The take-home has not been submitted yet: there is nothing to review.')
    return stage as LoopStage & { roomId: string }
  }

  private requireReviewer(stage: LoopStage, seat: LoopSeat) {
    if (seat.role !== 'interviewer' || stage.interviewerId !== seat.interviewerId) throw new AppError('FORBIDDEN', 'Only the review\'s interviewer writes its comments.')
  }

  private async reviewEvents(roomId: string) {
    const events = await this.deps.store.latestEvents(roomId, Object.values(REVIEW), REVIEW_EVENTS_MAX + 1)
    const comments = new Map<string, StoredComment & { at: number }>()
    let publishedAt: number | null = null
    for (const e of events) {
      if (e.type === REVIEW.comment) { const c = e.payload as StoredComment; comments.set(c.id, { ...c, at: e.createdAt }) }
      else if (e.type === REVIEW.removed) comments.delete((e.payload as { id: string }).id)
      else if (e.type === REVIEW.published && publishedAt === null) publishedAt = e.createdAt
    }
    return { events: events.length, comments: [...comments.values()], publishedAt }
  }

  /** The review's comments: all for the loop's interviewers and owner, the candidate's once published. */
  async reviewComments(loop: LoopRecord, seat: LoopSeat, n: number): Promise<ReviewComments> {
    const stage = this.reviewStage(loop, n)
    const { comments, publishedAt } = await this.reviewEvents(stage.roomId)
    const visible = seat.role === 'candidate' && publishedAt === null ? [] : comments
    const ranges = visible.length
      ? await this.deps.rounds.inCode(stage.roomId, (doc) => visible.map((c) => (c.end ? anchoredRange(doc, { start: c.anchor, end: c.end }) : anchoredWholeLine(doc, c.anchor))))
      : []
    return {
      stage: n,
      publishedAt,
      comments: visible
        .map((c, i) => {
          const r = ranges[i] ?? null
          return {
            id: c.id, kind: c.kind, text: c.text, by: c.by, at: c.at, startLine: c.startLine, endLine: c.endLine,
            currentLine: r?.startLine ?? null,
            anchor: c.end ? { start: c.anchor, end: c.end } : null,
            current: r && { startLine: r.startLine, startColumn: r.startColumn, endLine: r.endLine, endColumn: r.endColumn },
            quote: c.quote ?? '',
          }
        })
        .sort((a, b) => a.startLine - b.startLine || a.at - b.at),
    }
  }

  /**
   * The reviewer comments on a range: lines (and columns) of the submission, or a selection in the
   * review room's live code. Either way the comment is anchored to the range's first and last
   * characters in the review room's code document, and follows them through later edits.
   */
  async addReviewComment(loop: LoopRecord, seat: LoopSeat, n: number, input: ReviewCommentInput): Promise<ReviewComments> {
    const stage = this.reviewStage(loop, n)
    this.requireReviewer(stage, seat)
    const placed = input.anchor ? await this.placeSelection(stage.roomId, input.anchor) : await this.placeOnSubmission(loop, stage, n, input)
    const { events, comments } = await this.reviewEvents(stage.roomId)
    if (comments.length >= REVIEW_LIMITS.comments) throw new AppError('TOO_LARGE', `A review holds at most ${REVIEW_LIMITS.comments} comments.`)
    if (events >= REVIEW_EVENTS_MAX) throw new AppError('TOO_LARGE', 'This review has had too many comments added and removed.')
    const comment: StoredComment = { id: newId(), kind: input.kind, text: input.text, by: seat.name, ...placed }
    await this.deps.store.appendEvent({ roomId: stage.roomId, type: REVIEW.comment, actor: `loop:${seat.role === 'interviewer' ? seat.interviewerId : seat.role}`, payload: comment, createdAt: this.now() })
    return this.reviewComments(loop, seat, n)
  }

  /** A selection in the review room's code, checked against the room's document as it is now. */
  private async placeSelection(roomId: string, anchor: { start: string; end: string }) {
    return this.deps.rounds.inCode(roomId, (doc) => {
      const r = checkSelection(doc, anchor)
      const quote = doc.getText(DOC.text).toString().slice(r.from, Math.min(r.to, r.from + REVIEW_LIMITS.quote))
      return { startLine: r.startLine, endLine: r.endLine, anchor: anchor.start, end: anchor.end, quote }
    })
  }

  /** Lines (and columns) of the frozen submission, anchored by the ids its text got in the review room's first update. */
  private async placeOnSubmission(loop: LoopRecord, stage: LoopStage & { roomId: string }, n: number, input: ReviewCommentInput) {
    const takeHome = reviewedTakeHome(loop.data.stages, n)!
    const sub = await this.deps.store.getSubmission(loop.id, takeHome.n)
    const [initial] = await this.deps.store.listUpdates(stage.roomId, 'code', undefined, 1)
    const start = initial && initialTextStart(initial.data)
    if (!sub || !start) throw new AppError('CONFLICT', 'The submitted take-home is empty: there are no lines to comment on.')
    const code = sub.code
    const startLine = input.startLine!
    const endLine = input.endLine!
    const lines = code.replace(/\n$/, '').split('\n').length
    if (lineOffset(code, startLine) === null || endLine > lines) throw new AppError('BAD_REQUEST', `The submission has ${lines} lines; lines ${startLine}–${endLine} are not all in it.`)
    let from: number
    let to: number
    if (input.startColumn !== undefined && input.endColumn !== undefined) {
      const f = offsetOf(code, startLine, input.startColumn)
      const t = offsetOf(code, endLine, input.endColumn)
      if (f === null) throw new AppError('BAD_REQUEST', `Line ${startLine} of the submission has no column ${input.startColumn}.`)
      if (t === null) throw new AppError('BAD_REQUEST', `Line ${endLine} of the submission has no column ${input.endColumn}.`)
      if (t <= f) throw new AppError('BAD_REQUEST', 'The range ends before it starts: select at least one character.')
      from = f
      to = t
    } else {
      // Whole lines, without the last one's line break; an empty line alone is its line break.
      from = lineOffset(code, startLine)!
      const nl = code.indexOf('\n', lineOffset(code, endLine)!)
      to = nl === -1 ? code.length : nl
      if (to === from) to = Math.min(code.length, from + 1)
      if (to === from) throw new AppError('BAD_REQUEST', 'Those lines are empty: there is nothing to comment on.')
    }
    const { start: a, end } = rangeAnchorsAt(start, from, to)
    return { startLine, endLine, anchor: a, end, quote: code.slice(from, Math.min(to, from + REVIEW_LIMITS.quote)) }
  }

  /** Who hears that a review's comments changed: its room, and the seat of the room's interviewer invite. */
  reviewAudience(loop: LoopRecord, n: number): { roomId: string; interviewerSeat: string } {
    const stage = this.reviewStage(loop, n)
    return { roomId: stage.roomId, interviewerSeat: seatOf(hashToken(roomSecret(loop.linkKey, stage.roomId, 'interviewer'))) }
  }

  async removeReviewComment(loop: LoopRecord, seat: LoopSeat, n: number, id: string): Promise<ReviewComments> {
    const stage = this.reviewStage(loop, n)
    this.requireReviewer(stage, seat)
    const { comments } = await this.reviewEvents(stage.roomId)
    if (!comments.some((c) => c.id === id)) throw new AppError('NOT_FOUND', 'No such comment.')
    await this.deps.store.appendEvent({ roomId: stage.roomId, type: REVIEW.removed, actor: 'loop', payload: { id }, createdAt: this.now() })
    return this.reviewComments(loop, seat, n)
  }

  /** The reviewer shows the comments to the candidate (in the loop page and the review room). */
  async publishReview(loop: LoopRecord, seat: LoopSeat, n: number): Promise<ReviewComments> {
    const stage = this.reviewStage(loop, n)
    this.requireReviewer(stage, seat)
    const { publishedAt } = await this.reviewEvents(stage.roomId)
    if (publishedAt === null) await this.deps.store.appendEvent({ roomId: stage.roomId, type: REVIEW.published, actor: 'loop', payload: {}, createdAt: this.now() })
    return this.reviewComments(loop, seat, n)
  }

  /** The owner or an interviewer shares the packet with the candidate. */
  async sharePacket(loop: LoopRecord, seat: LoopSeat): Promise<void> {
    if (seat.role === 'candidate') throw new AppError('FORBIDDEN', 'The interviewers share the packet.')
    await this.deps.store.shareLoopPacket(loop.id, this.now())
  }

  async close(loop: LoopRecord, seat: LoopSeat): Promise<void> {
    if (seat.role !== 'owner') throw new AppError('FORBIDDEN', 'Only the loop\'s owner closes it.')
    await this.deps.store.closeLoop(loop.id, this.now())
  }
}
