import { randomBytes } from 'node:crypto'
import {
  AppError, type ClarifyItem, type CustomQuestionInput, type Debrief, type InterviewState, type InterviewerQuestionView, type RoomSettings,
  type Note, type QuestionSummary, type Role, type Scorecard, type SelfAssessment, type SentHint, type StaffState,
  type StuckSignal, QuestionSummary as Summary,
} from '@nudge/shared'
import type { Store } from '../store/types.ts'
import { roomChat } from '../call/chat.ts'
import { recordedRuns, runView } from '../runs/run-log.ts'
import type { RoomService } from '../rooms/room-service.ts'
import type { QuestionBank } from './question-bank.ts'
import { InterviewRepo } from './interview-repo.ts'
import type { RoomLock } from './room-lock.ts'
import { newId } from './ids.ts'
import { RoomQuestions } from './room-questions.ts'
import { newRound, publicView, roleInRound, staffView, type RoundState } from './rounds.ts'
import { anchorLine, decodeAnchor, readBoard, readCode, type Documents } from './document.ts'
import { applyClock, type ClockAction } from './round-clock.ts'
import { pickQuestion } from './round-question.ts'
import * as hints from './hints.ts'
import * as ledger from './ledger.ts'
import * as notes from './notes.ts'
import * as scorecards from './scorecards.ts'
import { buildDebrief, runEvent } from './debrief.ts'
import { CodeActivity } from '../replay/activity.ts'

/** Who acts: the server's record of a socket or a bearer token, never a payload. */
export interface Actor {
  participantId: string
  name: string
  /** The invite seat (see RoomService.seatOf); decides the actor's role in each round. */
  seat: string
}

export interface InterviewDeps {
  store: Store
  rooms: RoomService
  bank: QuestionBank
  docs: Documents
  /** Scaled mode: serializes a room's changes across nodes. */
  lock?: RoomLock
  now?: () => number
}

type Change<T> = { round: RoundState; result: T; event?: { type: string; payload: unknown }; custom?: InterviewerQuestionView[] }

const suffix = () => randomBytes(3).toString('hex')
const used = (rounds: RoundState[], except?: number) =>
  new Set(rounds.filter((r) => r.n !== except && r.question).map((r) => r.question!.id))

/**
 * The interview's domain operations for one room: transport-free. Each checks the actor's role
 * *in the round it touches* (from the invite seat), changes state under the room's lock, persists
 * it and appends an event to the room's log. The caller decides who hears about the change.
 */
export class InterviewService {
  readonly repo: InterviewRepo
  private readonly now: () => number
  /** Debrief activity from the code log; ended rounds' tallies are cached. */
  private readonly activity: CodeActivity

  constructor(private readonly deps: InterviewDeps) {
    this.repo = new InterviewRepo(deps.store, (roomId) => deps.rooms.seats(roomId), deps.lock)
    this.now = deps.now ?? Date.now
    this.activity = new CodeActivity(deps.store, { now: this.now })
  }

  private async change<T>(roomId: string, actor: Actor, roles: Role[], n: number | undefined, fn: (r: RoundState, now: number) => Promise<Change<T>> | Change<T>) {
    return this.repo.locked(roomId, async () => {
      const now = this.now()
      const current = await this.repo.current(roomId, now)
      const round = n === undefined || n === current.n ? current : await this.repo.round(roomId, n)
      if (!round) throw new AppError('NOT_FOUND', 'No such round.')
      if (!roles.includes(roleInRound(round, actor.seat))) throw new AppError('FORBIDDEN')
      const out = await fn(round, now)
      // Reads (previews, exports) return the round unchanged and write nothing; a change and
      // its event are one commit.
      await this.repo.write(roomId, {
        rounds: out.round !== round ? [out.round] : [],
        custom: out.custom,
        event: out.event && { actor: actor.participantId, type: out.event.type, payload: { round: round.n, ...(out.event.payload as object) } },
      }, now)
      return { round: out.round, result: out.result }
    })
  }

  /** The current round, created (round 1) under the lock the first time anyone asks. */
  private async ensureCurrent(roomId: string): Promise<RoundState> {
    return (await this.currentRound(roomId)) ?? this.repo.locked(roomId, () => this.repo.current(roomId, this.now()))
  }

  /** The current round as `role` (the socket's current role) may see it, and the staff view if it may. */
  async snapshot(roomId: string, actor: Actor, role: Role): Promise<{ round: RoundState; state: InterviewState; staff: StaffState | null }> {
    const current = await this.ensureCurrent(roomId)
    const [all, custom] = await Promise.all([this.repo.all(roomId), this.repo.custom(roomId)])
    const staff = roleInRound(current, actor.seat) === 'interviewer' && role === 'interviewer'
    return {
      round: current,
      state: publicView(current, all, actor.seat, role, this.now()),
      staff: staff ? staffView(current, custom, [...used(all)]) : null,
    }
  }

  /** The room's settings (defaults until the interviewer changes one). */
  settings(roomId: string): Promise<RoomSettings> {
    return this.repo.settings(roomId)
  }

  /** Only the current round's interviewer changes the room's settings; logged like any change. */
  async updateSettings(roomId: string, actor: Actor, settings: RoomSettings): Promise<RoomSettings> {
    return this.repo.locked(roomId, async () => {
      const now = this.now()
      const current = await this.repo.current(roomId, now)
      if (roleInRound(current, actor.seat) !== 'interviewer') throw new AppError('FORBIDDEN')
      await this.repo.write(roomId, { settings, event: { actor: actor.participantId, type: 'settings:updated', payload: { round: current.n, ...settings } } }, now)
      return settings
    })
  }

  /** The current round as stored, or undefined before anyone joined (a read: no lock). */
  async currentRound(roomId: string): Promise<RoundState | undefined> {
    const n = await this.repo.currentNumber(roomId)
    return this.repo.round(roomId, n)
  }

  /** The current round's number and clock (alarms, other nodes). */
  async currentClock(roomId: string): Promise<{ round: number; clock: RoundState['clock'] } | undefined> {
    const round = await this.currentRound(roomId)
    return round && { round: round.n, clock: round.clock }
  }

  private async questions(roomId: string) {
    return new RoomQuestions(this.deps.bank, await this.repo.custom(roomId))
  }

  /**
   * A question's full view for an interviewer (preview, export). A question someone was the
   * candidate for stays closed to them after a role swap: its ladder and solution are not theirs to see.
   */
  private async openQuestion(roomId: string, actor: Actor, id: string): Promise<{ q: InterviewerQuestionView; rq: RoomQuestions }> {
    const rq = await this.questions(roomId)
    const q = rq.get(id)
    if (!q) throw new AppError('NOT_FOUND', 'No such question.')
    const rounds = await this.repo.all(roomId)
    if (rounds.some((r) => r.question?.id === id && roleInRound(r, actor.seat) === 'candidate')) {
      throw new AppError('FORBIDDEN', 'You were the candidate for this question.')
    }
    return { q, rq }
  }

  async getQuestion(roomId: string, actor: Actor, id: string): Promise<InterviewerQuestionView> {
    const { result } = await this.change(roomId, actor, ['interviewer'], undefined, async (round) => ({
      round, result: (await this.openQuestion(roomId, actor, id)).q,
    }))
    return result
  }

  /** Picks or changes the round's question (until the round ends) and puts its starter code in an untouched document. */
  async pick(roomId: string, actor: Actor, id: string) {
    return this.change(roomId, actor, ['interviewer'], undefined, async (round, now) => {
      const q = (await this.questions(roomId)).get(id)
      if (!q) throw new AppError('NOT_FOUND', 'No such question.')
      const rounds = await this.repo.all(roomId)
      if (used(rounds, round.n).has(q.id)) throw new AppError('CONFLICT', 'That question was already used in this room.')
      const picked = await pickQuestion(this.deps.docs, roomId, round, q, rounds.find((r) => r.n === round.n - 1), rounds, now)
      return {
        round: picked.round,
        result: { question: q, starterInserted: picked.starterInserted },
        event: { type: 'question.picked', payload: { questionId: q.id, starterInserted: picked.starterInserted } },
      }
    })
  }

  private async addCustom(roomId: string, actor: Actor, make: (rq: RoomQuestions) => { question: InterviewerQuestionView; custom: InterviewerQuestionView[] }, type: string) {
    const { result } = await this.change(roomId, actor, ['interviewer'], undefined, async (round, now) => {
      const { question, custom } = make(await this.questions(roomId))
      return { round, custom, result: Summary.parse(question) as QuestionSummary, event: { type, payload: { question } } }
    })
    return result
  }

  createQuestion(roomId: string, actor: Actor, input: CustomQuestionInput): Promise<QuestionSummary> {
    return this.addCustom(roomId, actor, (rq) => rq.create(input, suffix), 'question.created')
  }

  importQuestion(roomId: string, actor: Actor, format: 'markdown' | 'json', text: string): Promise<QuestionSummary> {
    return this.addCustom(roomId, actor, (rq) => rq.import(format, text, suffix), 'question.imported')
  }

  async exportQuestion(roomId: string, actor: Actor, id: string, format: 'markdown' | 'json') {
    const { result } = await this.change(roomId, actor, ['interviewer'], undefined, async (round) => {
      const { rq } = await this.openQuestion(roomId, actor, id)
      return { round, result: { ...rq.export(id, format), format } }
    })
    return result
  }

  /** Start, pause, resume, extend, next phase, end, or edit the phases (before the start). */
  async clock(roomId: string, actor: Actor, action: ClockAction) {
    const { round } = await this.change(roomId, actor, ['interviewer'], undefined, async (r, now) => {
      // Ending captures the code as it is now; the document stays editable and nothing is dropped.
      const code = action.type === 'end' ? await this.deps.docs.withDocument(roomId, readCode) : undefined
      const next = applyClock(r, action, now, code)
      return { round: next, result: null, event: { type: `clock.${action.type}`, payload: { action, version: next.clock.version } } }
    })
    return round
  }

  async sendHint(roomId: string, actor: Actor, input: { tier?: number; text: string; anchor?: string }): Promise<SentHint> {
    const rel = input.anchor === undefined ? undefined : decodeAnchor(input.anchor)
    const { result } = await this.change(roomId, actor, ['interviewer'], undefined, async (r, now) => {
      const line = rel ? await this.deps.docs.withDocument(roomId, (doc) => anchorLine(doc, rel)) : null
      const anchor = input.anchor === undefined ? undefined : { position: input.anchor, line }
      const { round, hint } = hints.sendHint(r, { tier: input.tier, text: input.text, anchor }, actor, now, newId())
      return { round, result: hint, event: { type: 'hint.sent', payload: { hint } } }
    })
    return result
  }

  /** `interviewerOnline(seat)` tells whether the round's interviewer has a connection now. */
  async raiseStuck(roomId: string, actor: Actor, interviewerOnline: (seat: string) => Promise<boolean>): Promise<{ signal: StuckSignal; fresh: boolean; interviewerSeat: string }> {
    const { result, round } = await this.change(roomId, actor, ['candidate'], undefined, async (r, now) => {
      const delivered = await interviewerOnline(r.seats.interviewer)
      const { round, signal, fresh } = hints.raiseStuck(r, actor, now, newId(), delivered)
      return { round, result: { signal, fresh }, event: fresh ? { type: 'stuck.raised', payload: { signal } } : undefined }
    })
    return { ...result, interviewerSeat: round.seats.interviewer }
  }

  /** The round's interviewer (re)connected: stuck signals raised while they were away are now theirs. */
  async deliverStuck(roomId: string, actor: Actor): Promise<void> {
    await this.change(roomId, actor, ['interviewer'], undefined, (r) => {
      const round = hints.deliverStuck(r)
      return { round, result: null, event: round === r ? undefined : { type: 'stuck.delivered', payload: {} } }
    })
  }

  async ask(roomId: string, actor: Actor, text: string): Promise<ClarifyItem> {
    const { result } = await this.change(roomId, actor, ['candidate'], undefined, (r, now) => {
      const { round, item } = ledger.ask(r, text, actor, now, newId())
      return { round, result: item, event: { type: 'clarify.asked', payload: { item } } }
    })
    return result
  }

  async answer(roomId: string, actor: Actor, id: string, text: string): Promise<ClarifyItem> {
    const { result } = await this.change(roomId, actor, ['interviewer'], undefined, (r, now) => {
      const { round, item } = ledger.answer(r, id, text, actor, now)
      return { round, result: item, event: { type: 'clarify.answered', payload: { item } } }
    })
    return result
  }

  async pin(roomId: string, actor: Actor, id: string, pinned: boolean): Promise<ClarifyItem> {
    const { result } = await this.change(roomId, actor, ['candidate', 'interviewer'], undefined, (r) => {
      const { round, item } = ledger.pin(r, id, pinned)
      return { round, result: item, event: { type: 'clarify.pinned', payload: { id, pinned } } }
    })
    return result
  }

  async addNote(roomId: string, actor: Actor, text: string): Promise<{ note: Note; round: RoundState }> {
    const { result, round } = await this.change(roomId, actor, ['interviewer'], undefined, (r, now) => {
      const { round, note } = notes.addNote(r, text, actor, now, newId())
      return { round, result: note, event: { type: 'note.added', payload: { note } } }
    })
    return { note: result, round }
  }

  /** Scores a round; a past round's scorecard stays with whoever was its interviewer. */
  async saveScorecard(roomId: string, actor: Actor, n: number | undefined, input: scorecards.RubricInput): Promise<{ scorecard: Scorecard; round: RoundState }> {
    const { result, round } = await this.change(roomId, actor, ['interviewer'], n, (r, now) => {
      const { round, scorecard } = scorecards.saveScorecard(r, input, actor, now)
      return { round, result: scorecard, event: { type: 'scorecard.saved', payload: { scorecard } } }
    })
    return { scorecard: result, round }
  }

  async shareScorecard(roomId: string, actor: Actor, n: number | undefined): Promise<{ scorecard: Scorecard; round: RoundState }> {
    const { result, round } = await this.change(roomId, actor, ['interviewer'], n, (r) => {
      const { round, scorecard } = scorecards.shareScorecard(r)
      return { round, result: scorecard, event: { type: 'scorecard.shared', payload: {} } }
    })
    return { scorecard: result, round }
  }

  async saveSelfAssessment(roomId: string, actor: Actor, n: number | undefined, input: scorecards.RubricInput): Promise<{ selfAssessment: SelfAssessment; round: RoundState }> {
    const { result, round } = await this.change(roomId, actor, ['candidate'], n, (r, now) => {
      const { round, selfAssessment } = scorecards.saveSelfAssessment(r, input, actor, now)
      return { round, result: selfAssessment, event: { type: 'selfassessment.saved', payload: { selfAssessment } } }
    })
    return { selfAssessment: result, round }
  }

  /**
   * A change to the current behavioral round (behavioral.ts) by its interviewer or candidate.
   * `fn` gets the room's questions for `answer:start`; the result is logged with the event.
   */
  async behavioral<T>(
    roomId: string, actor: Actor, role: 'interviewer' | 'candidate', type: string,
    fn: (r: RoundState, now: number, questions: RoomQuestions) => { round: RoundState; result: T },
  ): Promise<{ round: RoundState; result: T }> {
    return this.change(roomId, actor, [role], undefined, async (r, now) => {
      const out = fn(r, now, await this.questions(roomId))
      return { ...out, event: { type, payload: { result: out.result } } }
    })
  }

  /** A round's debrief as the seat's holder may see it (their role in that round decides). */
  async debrief(roomId: string, seat: string, n: number): Promise<Debrief> {
    const room = await this.deps.rooms.get(roomId)
    const round = await this.repo.round(roomId, n)
    if (!room || !round) throw new AppError('NOT_FOUND', 'No such round.')
    const isCurrent = (await this.repo.currentNumber(roomId)) === n
    const code = isCurrent || !round.finalCode
      ? { ...(await this.deps.docs.withDocument(roomId, readCode)), capturedAt: null }
      : round.finalCode
    // The board as its round left it (captured when the next round began); the current round
    // and rounds stored before captures existed show the room's board as it is now, and say so.
    const captured = isCurrent ? undefined : await this.repo.board(roomId, n)
    const board = captured
      ? { content: captured.board, capture: { kind: 'round' as const, capturedAt: captured.capturedAt } }
      : { content: await this.deps.docs.withDocument(roomId, readBoard, 'board'), capture: { kind: isCurrent ? 'live' as const : 'room' as const, capturedAt: null } }
    const viewer = roleInRound(round, seat)
    const debrief = buildDebrief({ room: { id: room.id, title: room.title }, round, viewer, code, board: board.content, boardCapture: board.capture, now: this.now() })
    const runs = (await recordedRuns(this.deps.store, roomId))
      .filter((rec) => rec.run.round === n)
      .flatMap((rec) => runView(rec, seat, viewer) ?? [])
    const events = [...debrief.timeline.events, ...runs.map((r) => runEvent(r, round.clockLog))].sort((a, b) => a.at - b.at)
    const names = new Map((await this.deps.store.listParticipants(roomId)).map((p) => [p.id, p.name]))
    const activity = await this.activity.of(roomId, round.startedAt, round.endedAt ?? Infinity, names)
    return { ...debrief, timeline: { ...debrief.timeline, events }, chat: await roomChat(this.deps.store, roomId, round.startedAt, round.endedAt ?? Infinity), runs, activity }
  }

  /**
   * Role swap after an ended round: the candidate's and interviewer's invites trade roles and the
   * next round starts with a question nobody in this room has seen. The ended round keeps its own
   * seats, so its notes and scorecard stay with its interviewer.
   */
  swap(roomId: string, actor: Actor, questionId?: string) {
    return this.advance(roomId, actor, { swap: true, questionId: questionId ?? 'auto' })
  }

  /**
   * The next round with the same roles (a mentor who always interviews): with the question the
   * interviewer chose, or none yet (picked later from the bank, like round 1).
   */
  next(roomId: string, actor: Actor, questionId?: string) {
    return this.advance(roomId, actor, { swap: false, questionId: questionId ?? null })
  }

  private async advance(roomId: string, actor: Actor, opts: { swap: boolean; questionId: string | 'auto' | null }): Promise<{ previous: RoundState; round: RoundState; starterInserted: boolean }> {
    return this.repo.locked(roomId, async () => {
      const now = this.now()
      const cur = await this.repo.current(roomId, now)
      if (roleInRound(cur, actor.seat) !== 'interviewer') throw new AppError('FORBIDDEN')
      if (cur.clock.status !== 'ended') throw new AppError('CONFLICT', opts.swap ? 'End the round before swapping roles.' : 'End the round before starting the next one.')
      const rounds = await this.repo.all(roomId)
      const rq = await this.questions(roomId)
      const usedIds = used(rounds)
      let q: InterviewerQuestionView | undefined
      if (opts.questionId === 'auto') {
        q = rq.unseen(usedIds, { kind: cur.kind, difficulty: cur.question?.difficulty })
      } else if (opts.questionId !== null) {
        q = rq.get(opts.questionId)
        if (!q) throw new AppError('NOT_FOUND', 'No such question.')
        if (usedIds.has(q.id)) throw new AppError('CONFLICT', 'That question was already used in this room.')
      }
      const code = await this.deps.docs.withDocument(roomId, readCode)
      const previous: RoundState = { ...cur, endedAt: cur.endedAt ?? now, finalCode: { ...code, capturedAt: now } }
      // The board is kept per round the way the final code is: as the round leaves it.
      const board = await this.deps.docs.withDocument(roomId, readBoard, 'board')
      if (opts.swap) await this.deps.store.swapInviteRoles(roomId, 'candidate', 'interviewer')
      const seats = opts.swap ? { candidate: cur.seats.interviewer, interviewer: cur.seats.candidate } : cur.seats
      let round = newRound(cur.n + 1, seats, now, q?.kind ?? cur.kind)
      let starterInserted = false
      if (q) ({ round, starterInserted } = await pickQuestion(this.deps.docs, roomId, round, q, previous, [...rounds, previous], now))
      await this.repo.write(roomId, {
        rounds: [previous, round],
        boards: [{ n: previous.n, capturedAt: now, board }],
        current: round.n,
        event: { actor: actor.participantId, type: opts.swap ? 'round.swapped' : 'round.next', payload: { round: round.n, previous: cur.n, questionId: q?.id ?? null, code } },
      }, now)
      return { previous, round, starterInserted }
    })
  }
}
