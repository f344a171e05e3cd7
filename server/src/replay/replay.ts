import * as Y from 'yjs'
import { AppError, REPLAY_PAGE_SIZE, formatReplayTime, type DocName, type ReplayDocInfo, type ReplayMeta, type ReplayPage } from '@nudge/shared'
import type { InterviewService } from '../interview/interview-service.ts'
import type { RoundState } from '../interview/rounds.ts'
import type { Store } from '../store/types.ts'

export interface ReplayDeps {
  store: Store
  interview: Pick<InterviewService, 'debrief' | 'repo'>
  now?: () => number
}

/** Rows read per storage query while scanning a document's log. */
const SCAN = 10_000

const b64 = (u: Uint8Array): string => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64')

/**
 * Session replay's data (issue #18), transport-free. The source is the update log: every stored
 * row keeps its server time and author, and compaction never deletes rows (it only writes a
 * snapshot beside them; see UpdateLog.compact and Store.writeSnapshot), so any round since the
 * room was created can be rebuilt. Only deleting the whole room (ROOM_RETENTION_DAYS) removes it.
 *
 * Who may see what is the debrief's decision: the replay carries the viewer's debrief as is and
 * adds nothing private. Document updates are what every seat saw live (observers read the same
 * documents), so every seat of the room gets them.
 */
export class ReplayService {
  private readonly now: () => number

  constructor(private readonly deps: ReplayDeps) {
    this.now = deps.now ?? Date.now
  }

  /** The round's timeline for this seat, its authors, and where each document's log starts. */
  async meta(roomId: string, seat: string, n: number, t: number | null): Promise<ReplayMeta> {
    // Throws NOT_FOUND for an unknown room or round, before anything is read for the replay.
    const debrief = await this.deps.interview.debrief(roomId, seat, n)
    const round = (await this.deps.interview.repo.round(roomId, n))!
    const roundEnd = round.endedAt ?? Infinity
    const [code, board, people] = await Promise.all([
      this.scan(roomId, 'code', round.startedAt, roundEnd),
      this.scan(roomId, 'board', round.startedAt, roundEnd),
      this.deps.store.listParticipants(roomId),
    ])
    const startAt = round.startedAt
    const endAt = round.endedAt ?? this.liveEnd(round, Math.max(code.lastAt, board.lastAt, ...debrief.timeline.events.map((e) => e.at)))
    if (t !== null && t > endAt - startAt) {
      throw new AppError('BAD_REQUEST', `t=${formatReplayTime(t)} is past the end of round ${n} (it lasted ${formatReplayTime(endAt - startAt)}).`)
    }
    return {
      debrief: { ...debrief, board: null },
      startAt,
      endAt,
      t,
      authors: [
        { id: 'server', name: 'Nudge', color: '#8a8f98' },
        ...people.map((p) => ({ id: p.id, name: p.name, color: p.color })),
      ],
      code: code.info,
      board: board.info.updates === 0 && board.info.base === '' ? null : board.info,
    }
  }

  /** One page of a document's updates inside the round, oldest first. */
  async page(roomId: string, n: number, doc: DocName, after: number, limit = REPLAY_PAGE_SIZE): Promise<ReplayPage> {
    const round = await this.deps.interview.repo.round(roomId, n)
    if (!round) throw new AppError('NOT_FOUND', 'No such round.')
    const end = round.endedAt ?? Infinity
    const rows = await this.deps.store.listUpdates(roomId, doc, after, limit)
    const last = rows.at(-1)
    return {
      updates: rows
        .filter((r) => r.createdAt >= round.startedAt && r.createdAt <= end)
        .map((r) => ({ id: r.id, at: r.createdAt, author: r.author, data: b64(r.data) })),
      // Rows come in id order, which follows time: past the round's end there is nothing more.
      next: rows.length === limit && last && last.createdAt <= end ? last.id : null,
    }
  }

  /**
   * The end of a round that has not been closed by the next one: when its clock ended (or the
   * last thing that happened after that), or now while it runs.
   */
  private liveEnd(round: RoundState, lastAt: number): number {
    if (round.clock.status !== 'ended') return Math.max(this.now(), lastAt)
    return Math.max(round.clock.endedAt ?? round.startedAt, lastAt)
  }

  /**
   * Reads a document's whole log once: what came before the round is merged into its base state;
   * the rows inside it are counted (the client fetches them in pages).
   */
  private async scan(roomId: string, doc: DocName, from: number, to: number): Promise<{ info: ReplayDocInfo; lastAt: number }> {
    const before: Uint8Array[] = []
    let count = 0
    let first = -1
    let lastAt = from
    let after = 0
    for (;;) {
      const rows = await this.deps.store.listUpdates(roomId, doc, after, SCAN)
      for (const r of rows) {
        if (r.createdAt < from) before.push(r.data)
        else if (r.createdAt <= to) {
          count++
          if (first < 0) first = r.id
          lastAt = Math.max(lastAt, r.createdAt)
        }
      }
      if (rows.length < SCAN) break
      after = rows.at(-1)!.id
    }
    const base = before.length === 0 ? '' : b64(Y.mergeUpdates(before))
    return { info: { base, updates: count, after: first < 0 ? 0 : first - 1 }, lastAt }
  }
}
