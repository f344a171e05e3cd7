import { AppError, type InterviewerQuestionView, type Role } from '@nudge/shared'
import type { Store } from '../store/types.ts'
import { newRound, type RoundState } from './rounds.ts'
import type { RoomLock } from './room-lock.ts'

const KEY = { index: 'interview', round: (n: number) => `round:${n}`, questions: 'questions' } as const

interface Index {
  current: number
}

/**
 * The interview's persisted state: an index (`interview` → current round), one document per round
 * (`round:<n>`) and the room's custom questions (`questions`), plus the event log. Changes to a
 * room are serialized through `locked` (an in-process queue, plus a RoomLock across nodes in
 * scaled mode), so read-modify-write cycles never interleave.
 */
export class InterviewRepo {
  private readonly chains = new Map<string, Promise<void>>()

  constructor(
    private readonly store: Store,
    /** Current seat of each role, from the room's invites. */
    private readonly seatsOf: (roomId: string) => Promise<Partial<Record<Role, string>>>,
    /** Scaled mode: also hold the room's lock across nodes. */
    private readonly lock?: RoomLock,
  ) {}

  async locked<T>(roomId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(roomId) ?? Promise.resolve()
    let release!: () => void
    const mine = new Promise<void>((resolve) => (release = resolve))
    const chain = prev.then(() => mine)
    this.chains.set(roomId, chain)
    await prev
    try {
      const unlock = await this.lock?.acquire(roomId)
      try {
        return await fn()
      } finally {
        // A failed release only delays the next writer until the lease expires.
        await unlock?.().catch(() => {})
      }
    } finally {
      release()
      if (this.chains.get(roomId) === chain) this.chains.delete(roomId)
    }
  }

  /** The current round, creating round 1 on first use. Call inside `locked`. */
  async current(roomId: string, now: number): Promise<RoundState> {
    const index = await this.store.getState<Index>(roomId, KEY.index)
    if (index) return (await this.round(roomId, index.current))!
    const seats = await this.seatsOf(roomId)
    if (!seats.candidate || !seats.interviewer) throw new AppError('NOT_FOUND', 'This room does not exist.')
    const round = newRound(1, { candidate: seats.candidate, interviewer: seats.interviewer }, now)
    await this.save(roomId, round, now)
    await this.store.setState(roomId, KEY.index, { current: 1 } satisfies Index, now)
    return round
  }

  async currentNumber(roomId: string): Promise<number> {
    return (await this.store.getState<Index>(roomId, KEY.index))?.current ?? 1
  }

  round(roomId: string, n: number): Promise<RoundState | undefined> {
    return this.store.getState<RoundState>(roomId, KEY.round(n))
  }

  async all(roomId: string): Promise<RoundState[]> {
    const current = await this.currentNumber(roomId)
    const rounds = await Promise.all(Array.from({ length: current }, (_, i) => this.round(roomId, i + 1)))
    return rounds.filter((r): r is RoundState => r !== undefined)
  }

  save(roomId: string, round: RoundState, now: number): Promise<void> {
    return this.store.setState(roomId, KEY.round(round.n), round, now)
  }

  setCurrent(roomId: string, n: number, now: number): Promise<void> {
    return this.store.setState(roomId, KEY.index, { current: n } satisfies Index, now)
  }

  async custom(roomId: string): Promise<InterviewerQuestionView[]> {
    return (await this.store.getState<InterviewerQuestionView[]>(roomId, KEY.questions)) ?? []
  }

  saveCustom(roomId: string, questions: InterviewerQuestionView[], now: number): Promise<void> {
    return this.store.setState(roomId, KEY.questions, questions, now)
  }

  /** Appends to the room's timestamped event log (the source for replaying a session). */
  async log(roomId: string, actor: string, type: string, payload: unknown, now: number): Promise<void> {
    await this.store.appendEvent({ roomId, type, actor, payload, createdAt: now })
  }
}
