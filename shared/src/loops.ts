import { z } from 'zod'
import { LIMITS } from './basics.ts'
import { QuestionId } from './questions.ts'

/**
 * Interview loops: a candidate's take-home, its review and the live rounds, in order, on one page
 * (issue #22). HTTP shapes; secrets travel as bearer tokens and live in URL fragments (`#key=`).
 */

/** Bounds on what one loop (and all loops of a server) can make the server hold. */
export const LOOP_LIMITS = {
  /** Loops on one deployment: anyone may create one, so creation is rate-limited and capped. */
  loops: 10_000,
  title: 120,
  target: 120,
  stages: 8,
  interviewers: 6,
  /** A take-home's deadline, in hours from the loop's creation (two weeks at most). */
  deadlineHoursMax: 14 * 24,
  /** Characters of a submitted take-home (the code document's own cap is larger; this is what is frozen). */
  submissionChars: 200_000,
} as const

export const LOOP_STAGE_KINDS = ['take-home', 'take-home-review', 'coding', 'behavioral', 'system-design'] as const
export const LoopStageKind = z.enum(LOOP_STAGE_KINDS)
export type LoopStageKind = z.infer<typeof LoopStageKind>

export const LOOP_STAGE_LABEL: Record<LoopStageKind, string> = {
  'take-home': 'Take-home',
  'take-home-review': 'Take-home review',
  coding: 'Coding',
  behavioral: 'Behavioral',
  'system-design': 'System design',
}

export const LoopId = z.string().regex(/^[A-Za-z0-9_-]{8,32}$/)
const Name = z.string().trim().min(1, 'is missing').max(LIMITS.displayName, `is longer than ${LIMITS.displayName} characters`)

export const LoopStageInput = z.object({
  kind: LoopStageKind,
  /** A bank question, or null to pick it later in the room. A take-home needs one. */
  questionId: QuestionId.nullable().default(null),
  /** A live stage's length in minutes (the room's plan follows its question otherwise). */
  minutes: z.number().int().min(5).max(240).optional(),
  /** A take-home's deadline, hours after the loop is created. */
  deadlineHours: z.number().int().min(1).max(LOOP_LIMITS.deadlineHoursMax).optional(),
  /** Who interviews (every stage but the take-home itself). */
  interviewer: Name.optional(),
}).strict()
export type LoopStageInput = z.input<typeof LoopStageInput>

export const CreateLoopBody = z.object({
  title: z.string().trim().min(1, 'is missing').max(LOOP_LIMITS.title),
  /** The company or role practised for ("Backend engineer at Acme"). */
  target: z.string().trim().max(LOOP_LIMITS.target).default(''),
  candidate: Name,
  stages: z.array(LoopStageInput).min(1, 'A loop needs at least one stage.').max(LOOP_LIMITS.stages, `A loop has at most ${LOOP_LIMITS.stages} stages.`),
}).strict().superRefine((body, ctx) => {
  const interviewers = new Set<string>()
  body.stages.forEach((s, i) => {
    const at = (message: string) => ctx.addIssue({ code: 'custom', path: ['stages', i], message: `Stage ${i + 1}: ${message}` })
    if (s.kind === 'take-home') {
      if (s.deadlineHours === undefined) at('a take-home needs a deadline (deadlineHours).')
      if (s.questionId === null) at('a take-home needs its assignment (a question).')
      if (s.interviewer !== undefined) at('a take-home is done alone; its reviewer interviews the review stage.')
    } else {
      if (s.deadlineHours !== undefined) at('only a take-home has a deadline.')
      if (s.interviewer === undefined) at('who interviews this stage?')
      else interviewers.add(s.interviewer.toLowerCase())
    }
    if (s.kind === 'take-home-review' && !body.stages.slice(0, i).some((p) => p.kind === 'take-home')) {
      at('a take-home review comes after a take-home.')
    }
  })
  if (interviewers.size > LOOP_LIMITS.interviewers) {
    ctx.addIssue({ code: 'custom', path: ['stages'], message: `A loop has at most ${LOOP_LIMITS.interviewers} different interviewers.` })
  }
})
export type CreateLoopBody = z.input<typeof CreateLoopBody>

/** A personal link (secret in the fragment) of someone in the loop. */
export const LoopLink = z.object({ name: z.string(), link: z.url() })

export const CreateLoopResponse = z.object({
  id: LoopId,
  /** The creator's link: every link of the loop, and closing it. Keep it private. */
  owner: z.url(),
  candidate: LoopLink,
  interviewers: z.array(LoopLink),
})
export type CreateLoopResponse = z.infer<typeof CreateLoopResponse>

export const LoopStageStatus = z.enum(['not-started', 'in-progress', 'done'])
export type LoopStageStatus = z.infer<typeof LoopStageStatus>

export const LoopViewer = z.enum(['owner', 'candidate', 'interviewer'])
export type LoopViewer = z.infer<typeof LoopViewer>

export const LoopStageView = z.object({
  n: z.number().int().min(1),
  kind: LoopStageKind,
  /** The question's title, or null when it is picked later in the room. */
  question: z.string().nullable(),
  minutes: z.number().int().nullable(),
  interviewer: z.string().nullable(),
  status: LoopStageStatus,
  /** Open stages have a room; a stage opens once the one before it is done. */
  open: z.boolean(),
  /** Why a stage is not open yet, in words ("Opens when the take-home is submitted."). */
  waiting: z.string().nullable(),
  /** The viewer's own link into the stage's room (their role there), when they have one. */
  room: z.object({ url: z.url(), role: z.enum(['candidate', 'interviewer', 'observer']) }).nullable(),
  /** Take-home only. */
  deadlineAt: z.number().nullable(),
  submission: z.object({ submittedAt: z.number(), late: z.boolean() }).nullable(),
  /** The stage room's debrief page, once the stage is done, for those who may see it. */
  debrief: z.url().nullable(),
  /** The interviewer's call on the stage: for the loop's interviewers and owner, for the candidate once the packet is shared. */
  decision: z.object({ advance: z.boolean(), reason: z.string(), by: z.string(), at: z.number() }).nullable(),
  /** The viewer interviews this stage (and may record the decision once it is done). */
  yours: z.boolean(),
})
export type LoopStageView = z.infer<typeof LoopStageView>

export const LoopView = z.object({
  id: LoopId,
  title: z.string(),
  target: z.string(),
  candidate: z.string(),
  viewer: z.object({ role: LoopViewer, name: z.string() }),
  createdAt: z.number(),
  closedAt: z.number().nullable(),
  stages: z.array(LoopStageView),
  /** When the packet was shared with the candidate; null: interviewers and owner only. */
  packetSharedAt: z.number().nullable(),
  /** Owner only: everyone's personal links, to hand out. */
  links: z.object({ candidate: LoopLink, interviewers: z.array(LoopLink) }).nullable(),
})
export type LoopView = z.infer<typeof LoopView>

/** A take-home as submitted: frozen, never changed afterwards. */
export const TakeHomeSubmission = z.object({
  stage: z.number().int(),
  submittedAt: z.number(),
  late: z.boolean(),
  language: z.string(),
  code: z.string(),
})
export type TakeHomeSubmission = z.infer<typeof TakeHomeSubmission>


/** An interviewer's call on their stage: would they advance the candidate, and why. */
export const LoopDecisionInput = z.object({
  advance: z.boolean(),
  reason: z.string().trim().min(1, 'Say why in a sentence or two.').max(2_000),
}).strict()
export type LoopDecisionInput = z.infer<typeof LoopDecisionInput>

const PacketScore = z.object({
  criterion: z.string(),
  label: z.string(),
  score: z.number().int().min(1).max(4).nullable(),
  self: z.number().int().min(1).max(4).nullable(),
  comment: z.string(),
})

/**
 * The loop packet: a practice hiring committee. Per stage the scores beside the candidate's own,
 * time used, hints and questions, the take-home's submission and each interviewer's decision;
 * across stages the criteria that recur, with strengths and gaps. Interviewers' private notes are
 * never in it; the candidate gets it once it is shared.
 */
export const LoopPacket = z.object({
  loop: z.object({ id: LoopId, title: z.string(), target: z.string(), candidate: z.string() }),
  sharedAt: z.number().nullable(),
  stages: z.array(z.object({
    n: z.number().int(),
    kind: LoopStageKind,
    question: z.string().nullable(),
    interviewer: z.string().nullable(),
    status: LoopStageStatus,
    plannedMs: z.number().int().nullable(),
    actualMs: z.number().int().nullable(),
    hints: z.number().int().nullable(),
    clarifications: z.number().int().nullable(),
    runs: z.object({ total: z.number().int(), passed: z.number().int() }).nullable(),
    scores: z.array(PacketScore),
    summary: z.string().nullable(),
    selfSummary: z.string().nullable(),
    submission: z.object({ submittedAt: z.number(), late: z.boolean(), lines: z.number().int() }).nullable(),
    decision: z.object({ advance: z.boolean(), reason: z.string(), by: z.string(), at: z.number() }).nullable(),
  })),
  /** Each criterion scored in more than one stage, or once: its scores in stage order (null: not scored there). */
  criteria: z.array(z.object({
    criterion: z.string(),
    label: z.string(),
    scores: z.array(z.number().int().nullable()),
    average: z.number().nullable(),
    selfAverage: z.number().nullable(),
  })),
  /** Criteria the interviewers rated high (average ≥ 3.5) or low (≤ 2), with how many stages saw them. */
  strengths: z.array(z.object({ label: z.string(), stages: z.number().int(), average: z.number() })),
  gaps: z.array(z.object({ label: z.string(), stages: z.number().int(), average: z.number() })),
  decisions: z.object({ advance: z.number().int(), not: z.number().int(), pending: z.number().int() }),
})
export type LoopPacket = z.infer<typeof LoopPacket>

export const REVIEW_COMMENT_KINDS = ['strength', 'concern', 'question', 'note'] as const
export const ReviewCommentKind = z.enum(REVIEW_COMMENT_KINDS)
export type ReviewCommentKind = z.infer<typeof ReviewCommentKind>
export const REVIEW_LIMITS = {
  comments: 100,
  text: 2_000,
  /** Characters of the commented code kept with a comment (what it was written on). */
  quote: 200,
  /** Characters of one base64 anchor (an encoded Yjs relative position is a few dozen bytes). */
  anchor: 96,
} as const

const Position = z.number().int().min(1).max(LOOP_LIMITS.submissionChars + 1)
const AnchorB64 = z.string().min(4).max(REVIEW_LIMITS.anchor, `An anchor is at most ${REVIEW_LIMITS.anchor} characters.`).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'An anchor is a base64 Yjs relative position.')

/**
 * A review comment, on one of:
 * - lines and columns of the submitted take-home (1-based; columns as an editor counts them, the
 *   end column exclusive; without columns, whole lines from `startLine` to `endLine`), or
 * - a selection in the review room's live code: `anchor` holds two Yjs relative positions (base64
 *   of `Y.encodeRelativePosition`), `start` before the range's first character (assoc ≥ 0) and
 *   `end` after its last (assoc < 0), so the range follows its text through later edits.
 */
export const ReviewCommentInput = z.object({
  startLine: Position.optional(),
  endLine: Position.optional(),
  startColumn: Position.optional(),
  endColumn: Position.optional(),
  anchor: z.object({ start: AnchorB64, end: AnchorB64 }).strict().optional(),
  kind: ReviewCommentKind,
  text: z.string().trim().min(1, 'Write the comment.').max(REVIEW_LIMITS.text, `A comment is at most ${REVIEW_LIMITS.text} characters.`),
}).strict().superRefine((c, ctx) => {
  const issue = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] })
  const lines = c.startLine !== undefined || c.endLine !== undefined || c.startColumn !== undefined || c.endColumn !== undefined
  if (c.anchor && lines) return issue('Comment either on lines of the submission or on a selection in the room (anchor), not both.', 'anchor')
  if (c.anchor) return
  if (c.startLine === undefined || c.endLine === undefined) return issue('Say which lines (startLine and endLine) or which selection (anchor).', 'startLine')
  if ((c.startColumn === undefined) !== (c.endColumn === undefined)) return issue('Give both columns (startColumn and endColumn) or neither.', 'endColumn')
  if (c.endLine < c.startLine) return issue('The last line comes after the first.', 'endLine')
  if (c.endLine === c.startLine && c.startColumn !== undefined && c.endColumn! <= c.startColumn) issue('The range ends before it starts: select at least one character.', 'endColumn')
})
export type ReviewCommentInput = z.infer<typeof ReviewCommentInput>

/** A range of the review room's code now: 1-based lines and columns, the end column exclusive (as Monaco counts). */
export const ReviewRange = z.object({
  startLine: z.number().int(),
  startColumn: z.number().int(),
  endLine: z.number().int(),
  endColumn: z.number().int(),
})
export type ReviewRange = z.infer<typeof ReviewRange>

export const ReviewComment = z.object({
  id: z.string(),
  kind: ReviewCommentKind,
  text: z.string(),
  by: z.string(),
  at: z.number(),
  /** Lines as written: of the submission, or of the room's code for a comment written on a selection there. */
  startLine: z.number().int(),
  endLine: z.number().int(),
  /** Where those lines are in the review room's code now (it may have been edited); null when deleted. */
  currentLine: z.number().int().nullable(),
  /**
   * The range's anchors in the review room's code document (see ReviewCommentInput), for clients
   * to resolve against their own copy as it is edited. Null for a comment written before comments
   * had ranges: it is on whole lines, anchored at its first line's start (`currentLine`).
   */
  anchor: z.object({ start: z.string(), end: z.string() }).nullable(),
  /** The range in the review room's code now; null once its text is entirely deleted. */
  current: ReviewRange.nullable(),
  /** The code it was written on (at most REVIEW_LIMITS.quote characters; '' for comments from before ranges). */
  quote: z.string(),
})
export type ReviewComment = z.infer<typeof ReviewComment>

export const ReviewComments = z.object({
  stage: z.number().int(),
  publishedAt: z.number().nullable(),
  comments: z.array(ReviewComment),
})
export type ReviewComments = z.infer<typeof ReviewComments>

/** What a stage's room shows of its loop (GET /api/rooms/:id/loop, with the room's invite secret). */
export const RoomLoop = z.object({
  loopId: LoopId,
  title: z.string(),
  stage: z.number().int(),
  stages: z.number().int(),
  kind: LoopStageKind,
  deadlineAt: z.number().nullable(),
  submission: z.object({ submittedAt: z.number(), late: z.boolean() }).nullable(),
  /** The loop is closed: nothing more is submitted. */
  closed: z.boolean(),
  /** A review room's comments: all for its interviewer, published ones for the others. */
  review: ReviewComments.nullable(),
})
export type RoomLoop = z.infer<typeof RoomLoop>

/**
 * A stage room's place in its loop, sent in `room:state` on join (null for every other room), so
 * only a loop's rooms ask GET /api/rooms/:id/loop for their banner.
 */
export const RoomLoopRef = z.object({ loopId: LoopId, stage: z.number().int().min(1), kind: LoopStageKind })
export type RoomLoopRef = z.infer<typeof RoomLoopRef>

/**
 * Notifications about a loop's review room. `loop:review-changed` carries no comment: it tells the
 * room's interviewer (and, once the review is published, everyone in the room) to fetch the review
 * again with their own invite, so who sees which comment is decided in one place on the server.
 */
export const loopEvents = {
  'loop:review-changed': z.object({ stage: z.number().int() }),
} as const

/** 1-based line and column (as an editor counts them) of `index` in `text`. */
export function lineColumn(text: string, index: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < index; nl = text.indexOf('\n', nl + 1)) {
    line++
    lineStart = nl + 1
  }
  return { line, column: index - lineStart + 1 }
}
