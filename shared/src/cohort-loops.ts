import { z } from 'zod'
import { COHORT_LIMITS, StudentId } from './cohorts.ts'
import { CreateLoopBody, LoopId, LoopStageKind, LoopStageStatus } from './loops.ts'

/**
 * A cohort organizer assigns interview loops (issue #22): one plan, one loop per student with the
 * student as its candidate. HTTP shapes; see docs/cohorts.md ("Loops") and docs/loops.md.
 */

export const COHORT_LOOP_LIMITS = {
  /**
   * Loops one cohort may hold, over all its assignments. A loop makes up to 8 rooms, so this bounds
   * what one organizer link can create (8,000 rooms) instead of the per-address room-creation limit.
   */
  loopsPerCohort: 1_000,
  /** Loops one assignment creates (one per student). */
  perAssignment: COHORT_LIMITS.studentsPerCohort,
} as const

/** The loop plan without its candidate: each assigned student is the candidate of their own copy. */
export const CohortLoopPlan = z.object({
  title: CreateLoopBody.shape.title,
  target: CreateLoopBody.shape.target,
  stages: CreateLoopBody.shape.stages,
}).strict().superRefine((plan, ctx) => {
  // The same rules as a loop made on /loops/new (stage order, deadlines, interviewers), checked once.
  const checked = CreateLoopBody.safeParse({ ...plan, candidate: 'Student' })
  if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message })
})
export type CohortLoopPlan = z.input<typeof CohortLoopPlan>

export const AssignLoopsBody = z.object({
  plan: CohortLoopPlan,
  /** The students who get a loop; every student on the roster when absent. */
  students: z.array(StudentId).min(1).max(COHORT_LOOP_LIMITS.perAssignment).optional(),
}).strict()
export type AssignLoopsBody = z.input<typeof AssignLoopsBody>

/** A student's loop on the organizer's page: its stages' states, and the organizer's (owner's) link. */
export const CohortLoop = z.object({
  loopId: LoopId,
  student: z.object({ id: StudentId, name: z.string() }),
  title: z.string(),
  createdAt: z.number(),
  closed: z.boolean(),
  stages: z.array(z.object({ n: z.number().int(), kind: LoopStageKind, status: LoopStageStatus, interviewer: z.string().nullable() })),
  /** The loop page as its owner (every link, the packet): secret in the fragment. */
  ownerUrl: z.url(),
  /** Who has shared the packet with the student (null: not yet). */
  packetSharedAt: z.number().nullable(),
})
export type CohortLoop = z.infer<typeof CohortLoop>

export const CohortLoops = z.object({
  loops: z.array(CohortLoop),
  /** Loops this cohort may still be assigned. */
  remaining: z.number().int(),
})
export type CohortLoops = z.infer<typeof CohortLoops>

export const AssignLoopsResult = z.object({ created: z.number().int(), loops: z.array(CohortLoop), remaining: z.number().int() })
export type AssignLoopsResult = z.infer<typeof AssignLoopsResult>

/** What a student's personal link shows of their loops: their own candidate links, nothing else. */
export const StudentLoops = z.object({
  loops: z.array(z.object({ loopId: LoopId, title: z.string(), target: z.string(), createdAt: z.number(), link: z.url() })),
})
export type StudentLoops = z.infer<typeof StudentLoops>
