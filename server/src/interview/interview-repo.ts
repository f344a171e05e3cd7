import { AppError, DEFAULT_ROOM_SETTINGS, type BoardContent, type InterviewerQuestionView, type Role, type RoomSettings } from '@nudge/shared'
import type { StateRecord, Store } from '../store/types.ts'
import { newRound, type RoundState } from './rounds.ts'
import type { RoomLock } from './room-lock.ts'

const KEY = {
  index: 'interview',
  round: (n: number) => `round:${n}`,
  page: (n: number, list: PagedList, i: number) => `round:${n}:${list}:${i}`,
  board: (n: number) => `board:${n}`,
  questions: 'questions',
  settings: 'settings',
} as const

/** A round's board as it was when the round ended (kept apart from the round: it can be large). */
export interface RoundBoard {
  n: number
  capturedAt: number
  /** Null when nothing was drawn. */
  board: BoardContent | null
}

/**
 * A round's lists that grow with every change (up to INTERVIEW_LIMITS.itemsPerRound each). They
 * are stored in pages of PAGE_ITEMS beside the round's head, and a change writes only the pages
 * that differ: adding the 500th note writes one page, not the 499 notes before it (rewriting
 * the whole round made each change slower than the last: 500 notes took 20 s).
 */
const PAGED = ['clockLog', 'hints', 'stuck', 'clarifications', 'notes'] as const
type PagedList = (typeof PAGED)[number]
const PAGE_ITEMS = 25

/** `round:<n>` as stored: the round without its paged lists, and how many items each holds. */
type StoredHead = RoundState & { paged?: Record<PagedList, number> }

interface Index {
  current: number
}

/** What one change writes: round documents, the current round, custom questions, one event. */
export interface Write {
  rounds?: RoundState[]
  /** Boards captured at a round's end, written in the same commit as the round. */
  boards?: RoundBoard[]
  current?: number
  custom?: InterviewerQuestionView[]
  settings?: RoomSettings
  event?: { actor: string; type: string; payload: unknown }
}

/** State documents kept in memory on a single node (JSON text, so callers never share objects). */
const CACHE_ENTRIES = 20_000

/**
 * The interview's persisted state: an index (`interview` → current round), one document per round
 * (`round:<n>`) and the room's custom questions (`questions`), plus the event log. Changes to a
 * room are serialized through `locked` (an in-process queue, plus a RoomLock across nodes in
 * scaled mode), so read-modify-write cycles never interleave. A change and its event are one
 * commit. On a single node (no RoomLock) this process is the only writer, so state documents are
 * also kept in memory and a change reads nothing from storage.
 */
export class InterviewRepo {
  private readonly chains = new Map<string, Promise<void>>()
  private readonly cache: Map<string, string> | null
  /**
   * The JSON of each page as last read or written, per room: what a write compares against to
   * skip unchanged pages. In scaled mode it is cleared whenever the room's lock is taken, so it
   * only holds what was read under the current hold.
   */
  private readonly pagesSeen = new Map<string, Map<string, string>>()

  constructor(
    private readonly store: Store,
    /** Current seat of each role, from the room's invites. */
    private readonly seatsOf: (roomId: string) => Promise<Partial<Record<Role, string>>>,
    /** Scaled mode: also hold the room's lock across nodes. */
    private readonly lock?: RoomLock,
  ) {
    this.cache = lock ? null : new Map()
  }

  private async get<T>(roomId: string, key: string): Promise<T | undefined> {
    return (await this.getWithJson<T>(roomId, key))?.value
  }

  /** A state document and its JSON text (from the cache as it is, or stringified once). */
  private async getWithJson<T>(roomId: string, key: string): Promise<{ value: T; json: string } | undefined> {
    const k = `${roomId}\n${key}`
    const hit = this.cache?.get(k)
    if (hit !== undefined) return { value: JSON.parse(hit) as T, json: hit }
    const value = await this.store.getState<T>(roomId, key)
    if (value === undefined) return undefined
    const json = JSON.stringify(value)
    this.remember(k, value, json)
    return { value, json }
  }

  private remember(k: string, value: unknown, json?: string): void {
    if (!this.cache) return
    this.cache.delete(k)
    this.cache.set(k, json ?? JSON.stringify(value))
    // Least recently written first: drop the oldest tenth when full.
    if (this.cache.size > CACHE_ENTRIES) {
      let n = CACHE_ENTRIES / 10
      for (const old of this.cache.keys()) {
        if (n-- <= 0) break
        this.cache.delete(old)
      }
    }
  }

  /** Stores a change in one commit (states and its event), then updates the in-memory copy. */
  async write(roomId: string, w: Write, now: number): Promise<void> {
    const seen = this.seenFor(roomId)
    const pages: { key: string; value: unknown; json: string }[] = []
    const heads = (w.rounds ?? []).map((r) => {
      const head: StoredHead = { ...r, paged: {} as Record<PagedList, number> }
      for (const list of PAGED) {
        const items = r[list] as unknown[]
        head[list] = []
        head.paged![list] = items.length
        for (let i = 0; i * PAGE_ITEMS < items.length; i++) {
          const value = items.slice(i * PAGE_ITEMS, (i + 1) * PAGE_ITEMS)
          const key = KEY.page(r.n, list, i)
          const json = JSON.stringify(value)
          if (seen.get(key) !== json) pages.push({ key, value, json })
        }
      }
      return head
    })
    const states: StateRecord[] = [
      ...pages.map((p) => ({ roomId, key: p.key, value: p.value, updatedAt: now })),
      ...heads.map((h) => ({ roomId, key: KEY.round(h.n), value: h, updatedAt: now })),
      ...(w.boards ?? []).map((b) => ({ roomId, key: KEY.board(b.n), value: b, updatedAt: now })),
      ...(w.current !== undefined ? [{ roomId, key: KEY.index, value: { current: w.current } satisfies Index, updatedAt: now }] : []),
      ...(w.custom ? [{ roomId, key: KEY.questions, value: w.custom, updatedAt: now }] : []),
      ...(w.settings ? [{ roomId, key: KEY.settings, value: w.settings, updatedAt: now }] : []),
    ]
    const events = w.event ? [{ roomId, ...w.event, createdAt: now }] : []
    await this.store.commit({ states, events })
    for (const p of pages) {
      seen.set(p.key, p.json)
      this.remember(`${roomId}\n${p.key}`, p.value, p.json)
    }
    // Boards are read only by a debrief: not worth their memory in the cache.
    for (const st of states.slice(pages.length)) if (!st.key.startsWith('board:')) this.remember(`${roomId}\n${st.key}`, st.value)
  }

  private seenFor(roomId: string): Map<string, string> {
    let seen = this.pagesSeen.get(roomId)
    if (!seen) this.pagesSeen.set(roomId, (seen = new Map()))
    return seen
  }

  async locked<T>(roomId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(roomId) ?? Promise.resolve()
    let release!: () => void
    const mine = new Promise<void>((resolve) => (release = resolve))
    const chain = prev.then(() => mine)
    this.chains.set(roomId, chain)
    await prev
    try {
      const unlock = await this.lock?.acquire(roomId)
      // Another node may have written since this one last read: compare only with what is read now.
      if (this.lock) this.pagesSeen.delete(roomId)
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
    const index = await this.get<Index>(roomId, KEY.index)
    if (index) return (await this.round(roomId, index.current))!
    const seats = await this.seatsOf(roomId)
    if (!seats.candidate || !seats.interviewer) throw new AppError('NOT_FOUND', 'This room does not exist.')
    const round = newRound(1, { candidate: seats.candidate, interviewer: seats.interviewer }, now)
    await this.write(roomId, { rounds: [round], current: 1 }, now)
    return round
  }

  async settings(roomId: string): Promise<RoomSettings> {
    return { ...DEFAULT_ROOM_SETTINGS, ...(await this.get<Partial<RoomSettings>>(roomId, KEY.settings)) }
  }

  async currentNumber(roomId: string): Promise<number> {
    return (await this.get<Index>(roomId, KEY.index))?.current ?? 1
  }

  /** A round with its lists put back together from their pages (rounds stored whole read as they are). */
  async round(roomId: string, n: number): Promise<RoundState | undefined> {
    const head = await this.get<StoredHead>(roomId, KEY.round(n))
    if (!head?.paged) return head
    const { paged, ...round } = head
    const seen = this.seenFor(roomId)
    for (const list of PAGED) {
      const pageCount = Math.ceil((paged[list] ?? 0) / PAGE_ITEMS)
      const pages = await Promise.all(Array.from({ length: pageCount }, (_, i) => this.getWithJson<unknown[]>(roomId, KEY.page(n, list, i))))
      pages.forEach((p, i) => p && seen.set(KEY.page(n, list, i), p.json))
      ;(round as Record<PagedList, unknown[]>)[list] = pages.flatMap((p) => p?.value ?? [])
    }
    return round
  }

  /** The board captured when round `n` ended; undefined for a round that has none (yet, or stored before captures). */
  board(roomId: string, n: number): Promise<RoundBoard | undefined> {
    return this.store.getState<RoundBoard>(roomId, KEY.board(n))
  }

  async all(roomId: string): Promise<RoundState[]> {
    const current = await this.currentNumber(roomId)
    const rounds = await Promise.all(Array.from({ length: current }, (_, i) => this.round(roomId, i + 1)))
    return rounds.filter((r): r is RoundState => r !== undefined)
  }

  async custom(roomId: string): Promise<InterviewerQuestionView[]> {
    return (await this.get<InterviewerQuestionView[]>(roomId, KEY.questions)) ?? []
  }
}
