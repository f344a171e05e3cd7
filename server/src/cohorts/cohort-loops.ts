import { randomBytes } from 'node:crypto'
import { AppError, COHORT_LOOP_LIMITS, type AssignLoopsBody, type CohortLoop, type CohortLoopPlan, type StudentLoops } from '@nudge/shared'
import type { CohortLoopRecord, CohortRecord, Store } from '../store/types.ts'
import type { LoopService } from '../loops/loop-service.ts'
import { hashToken } from '../rooms/invites.ts'
import { derivedSecret } from './secrets.ts'

export interface CohortLoopDeps {
  store: Store
  loops: LoopService
  /** Base of the links it hands out; read at each use. */
  publicUrl: () => string
  now?: () => number
}

/** Loops made at once by one assignment: each makes its rooms (one store write each). */
const CONCURRENCY = 4
const newId = () => randomBytes(9).toString('base64url')

/**
 * The organizer's owner secret for a loop the cohort assigned: derived from the cohort's key, so
 * the organizer link reaches every such loop as its owner and nothing secret is stored.
 */
const ownerSecret = (cohort: CohortRecord, loopId: string) => derivedSecret(cohort.linkKey, `loop:${loopId}:owner`)

/**
 * Loops assigned by a cohort's organizer (issue #22): one plan, one loop per chosen student with
 * the student as candidate and the plan's interviewers. Transport-free. The cohort's loops are
 * bounded (COHORT_LOOP_LIMITS.loopsPerCohort), which is what replaces the per-address
 * room-creation limit for this authenticated action.
 */
export class CohortLoopService {
  private readonly now: () => number
  constructor(private readonly deps: CohortLoopDeps) {
    this.now = deps.now ?? Date.now
  }

  private ownerUrl(cohort: CohortRecord, loopId: string) {
    return `${this.deps.publicUrl()}/l/${loopId}#key=${ownerSecret(cohort, loopId)}`
  }

  /** Makes one loop per student (all on the roster by default). The bound is checked before any is made. */
  async assign(cohort: CohortRecord, body: AssignLoopsBody & { plan: CohortLoopPlan & { target: string; stages: { questionId: string | null }[] } }): Promise<{ created: number }> {
    if (cohort.endedAt !== null) throw new AppError('CONFLICT', 'This cohort has ended.')
    const roster = await this.deps.store.listStudents(cohort.id)
    const chosen = body.students ? [...new Set(body.students)] : roster.map((s) => s.id)
    const unknown = chosen.filter((id) => !roster.some((s) => s.id === id))
    if (unknown.length > 0) throw new AppError('BAD_REQUEST', `Not on the roster: ${unknown.join(', ')}.`)
    if (chosen.length === 0) throw new AppError('CONFLICT', 'Import students first: a loop is made for each student.')
    const students = chosen.map((id) => roster.find((s) => s.id === id)!)
    const createdAt = this.now()
    const rows: CohortLoopRecord[] = students.map((s) => ({ cohortId: cohort.id, studentId: s.id, loopId: newId(), createdAt }))
    if (!(await this.deps.store.addCohortLoops(cohort.id, rows, COHORT_LOOP_LIMITS.loopsPerCohort))) {
      const held = (await this.deps.store.listCohortLoops(cohort.id)).length
      throw new AppError('TOO_LARGE', `A cohort holds at most ${COHORT_LOOP_LIMITS.loopsPerCohort} loops; it has ${held}, and this would add ${rows.length}. Nothing was created.`)
    }
    // Recorded first (the bound holds however assignments race); what cannot be made is taken back.
    const failed: string[] = []
    let error: unknown = null
    for (let i = 0; i < rows.length; i += CONCURRENCY) {
      await Promise.all(rows.slice(i, i + CONCURRENCY).map(async (row, k) => {
        // After a failure the rest are not attempted (the same cause would refuse them).
        if (error) {
          failed.push(row.loopId)
          return
        }
        try {
          await this.deps.loops.create({ ...body.plan, candidate: students[i + k]!.name }, { id: row.loopId, ownerSecret: ownerSecret(cohort, row.loopId) })
        } catch (err) {
          error ??= err
          failed.push(row.loopId)
        }
      }))
    }
    await this.deps.store.removeCohortLoops(cohort.id, failed)
    if (error) {
      const made = rows.length - failed.length
      const why = error instanceof AppError ? error.message : 'A loop could not be created.'
      if (made === 0 && error instanceof AppError) throw error
      throw new AppError(error instanceof AppError ? error.code : 'INTERNAL', `${why} ${made} of ${rows.length} loops were created; assign the others again.`)
    }
    return { created: rows.length }
  }

  /** Every loop of the cohort with its stages' states and the organizer's owner link. */
  async list(cohort: CohortRecord): Promise<{ loops: CohortLoop[]; remaining: number }> {
    const [stored, roster] = await Promise.all([this.deps.store.listCohortLoops(cohort.id), this.deps.store.listStudents(cohort.id)])
    // Oldest assignment first, each in roster order.
    const position = new Map(roster.map((s) => [s.id, s.position]))
    const rows = [...stored].sort((x, y) => x.createdAt - y.createdAt || (position.get(x.studentId) ?? 0) - (position.get(y.studentId) ?? 0))
    const loops: CohortLoop[] = []
    for (let i = 0; i < rows.length; i += 8) {
      const views = await Promise.all(rows.slice(i, i + 8).map(async (row) => {
        const loop = await this.deps.store.getLoop(row.loopId)
        // A loop still being made by an assignment in progress is not listed yet.
        if (!loop) return null
        const view = await this.deps.loops.view(loop, { role: 'owner', name: 'Organizer' })
        return {
          loopId: loop.id,
          student: { id: row.studentId, name: roster.find((s) => s.id === row.studentId)?.name ?? loop.data.candidate },
          title: loop.data.title,
          createdAt: loop.createdAt,
          closed: loop.closedAt !== null,
          stages: view.stages.map((s) => ({ n: s.n, kind: s.kind, status: s.status, interviewer: s.interviewer })),
          ownerUrl: this.ownerUrl(cohort, loop.id),
          packetSharedAt: loop.packetSharedAt,
        } satisfies CohortLoop
      }))
      for (const v of views) if (v) loops.push(v)
    }
    return { loops, remaining: Math.max(0, COHORT_LOOP_LIMITS.loopsPerCohort - stored.length) }
  }

  /** A student's own loops: their candidate link to each, found with their personal-link secret. */
  async forStudent(cohortId: string, secret: string | undefined): Promise<StudentLoops> {
    if (!secret) throw new AppError('UNAUTHORIZED', 'This needs your personal link.')
    const student = await this.deps.store.findStudent(hashToken(secret))
    if (!student || student.cohortId !== cohortId) throw new AppError('FORBIDDEN', 'This personal link is not valid.')
    const rows = (await this.deps.store.listCohortLoops(cohortId)).filter((r) => r.studentId === student.id)
    const loops: StudentLoops['loops'] = []
    for (const row of rows) {
      const loop = await this.deps.store.getLoop(row.loopId)
      if (!loop) continue
      const link = this.deps.loops.candidateLink(loop)
      loops.push({ loopId: loop.id, title: loop.data.title, target: loop.data.target, createdAt: loop.createdAt, link })
    }
    return { loops }
  }
}
