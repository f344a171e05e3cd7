import { phaseRemainingMs, RUBRICS, type Dashboard, type DashboardRoom, type Session } from '@nudge/shared'
import type { CohortRecord, StudentRecord } from '../store/types.ts'
import type { RoundState } from '../interview/rounds.ts'
import type { CohortService } from './cohort-service.ts'

/** A seat that has not connected this long after its round started counts as a no-show. */
export const NO_SHOW_MS = 5 * 60_000

export interface DashboardDeps {
  cohorts: CohortService
  /** The room's current interview round (its clock, question, stuck signals). */
  roundOf: (roomId: string) => Promise<RoundState | undefined>
  /** Seats with a live connection, for all the given rooms at once (one cross-node query). */
  onlineSeats: (roomIds: string[]) => Promise<Set<string>>
  students: (cohortId: string) => Promise<StudentRecord[]>
}

/** The dashboard of the session's current round, computed from stored state and live sockets. */
export async function dashboard(deps: DashboardDeps, cohort: CohortRecord, s: Session | undefined, now: number): Promise<Dashboard> {
  const roster = await deps.students(cohort.id)
  const names = new Map(roster.map((x) => [x.id, x.name]))
  const head = { cohort: { id: cohort.id, name: cohort.name, students: roster.length }, serverNow: now }
  if (!s) return { ...head, session: null, rooms: [] }
  const session = { id: s.id, kind: s.kind, current: s.current, rounds: s.rounds.length, repeats: s.repeats }
  const round = s.rounds[s.current - 1]
  if (!round) return { ...head, session, rooms: [] }
  const roomIds = round.map((x) => x.roomId)
  const [online, states] = await Promise.all([deps.onlineSeats(roomIds), Promise.all(roomIds.map(deps.roundOf))])
  const startedAt = s.startedAt[s.current - 1] ?? now
  const rooms = round.map((x, i): DashboardRoom => {
    const seats = deps.cohorts.seatsOf(cohort, x.roomId)
    const person = (id: string, seat: string) => ({ id, name: names.get(id) ?? '(removed)', online: online.has(seat) })
    const interviewer = person(x.interviewer, seats.interviewer)
    const candidate = person(x.candidate, seats.candidate)
    const observer = x.observer ? person(x.observer, seats.observer) : null
    const r = states[i]
    const clock = r?.clock
    const remainingMs = clock && clock.status !== 'idle' && clock.status !== 'ended' ? Math.round(phaseRemainingMs(clock, now)) : null
    return {
      roomId: x.roomId,
      interviewer, candidate, observer,
      questionTitle: r?.question?.title ?? null,
      status: clock?.status ?? 'idle',
      phase: clock ? clock.phases[clock.phaseIndex]?.label ?? null : null,
      remainingMs,
      stuck: r?.stuck.length ?? 0,
      lastStuckAt: r?.stuck.at(-1)?.at ?? null,
      noShow: now - startedAt > NO_SHOW_MS && [interviewer, candidate, ...(observer ? [observer] : [])].some((p) => !p.online),
      overrun: remainingMs !== null && remainingMs < 0,
      observeUrl: deps.cohorts.observeUrl(cohort, x.roomId),
    }
  })
  return { ...head, session, rooms }
}

export interface ExportRow {
  session: string
  round: number
  student: string
  email: string | null
  role: 'interviewer' | 'candidate' | 'observer'
  partner: string
  question: string | null
  /** Criterion id → score (1–4) given to the candidate by the interviewer; on the candidate's row. */
  scores: Record<string, number | null>
  summary: string
  /** The candidate's own scores for the same criteria. */
  selfScores: Record<string, number | null>
}

/** One row per student per round of the session: the candidate's row carries the scorecard and self-assessment. */
export async function exportRows(deps: DashboardDeps, cohort: CohortRecord, s: Session): Promise<{ criteria: string[]; rows: ExportRow[] }> {
  const roster = await deps.students(cohort.id)
  const byId = new Map(roster.map((x) => [x.id, x]))
  const criteria: string[] = RUBRICS[s.kind].map((c) => c.id)
  const rows: ExportRow[] = []
  for (const [n, round] of s.rounds.entries()) {
    if (n + 1 > s.current) break // rounds not started yet have nothing to export
    const states = await Promise.all(round.map((x) => deps.roundOf(x.roomId)))
    round.forEach((x, i) => {
      const r = states[i]
      const scores = (entries: Record<string, { score: number | null }> | undefined) =>
        Object.fromEntries(criteria.map((c) => [c, entries?.[c]?.score ?? null]))
      const base = { session: s.id, round: n + 1, question: r?.question?.title ?? null }
      const row = (id: string, role: ExportRow['role'], partner: string, mine: boolean): ExportRow => ({
        ...base, student: byId.get(id)?.name ?? '(removed)', email: byId.get(id)?.email ?? null, role,
        partner: byId.get(partner)?.name ?? '',
        scores: mine ? scores(r?.scorecard?.submitted ? r.scorecard.entries : undefined) : scores(undefined),
        summary: mine && r?.scorecard?.submitted ? r.scorecard.summary : '',
        selfScores: mine ? scores(r?.selfAssessment?.submitted ? r.selfAssessment.entries : undefined) : scores(undefined),
      })
      rows.push(row(x.interviewer, 'interviewer', x.candidate, false), row(x.candidate, 'candidate', x.interviewer, true))
      if (x.observer) rows.push(row(x.observer, 'observer', x.candidate, false))
    })
  }
  return { criteria, rows }
}
