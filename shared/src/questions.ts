import { z } from 'zod'
import { Language, LIMITS } from './protocol.ts'

/**
 * Question shapes on the wire. Each role gets its own view: candidates receive a
 * CandidateQuestionView, whose schema doubles as the whitelist the server projects through, so
 * a field added to a question stays hidden from candidates until it is added here on purpose.
 * The server's file schema (server/src/interview/question-format.ts) extends these with the
 * stricter rules that bundled questions must meet.
 */

export const QUESTION_KINDS = ['coding', 'behavioral', 'system-design'] as const
export const QuestionKind = z.enum(QUESTION_KINDS)
export type QuestionKind = z.infer<typeof QuestionKind>

export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const
export const Difficulty = z.enum(DIFFICULTIES)
export type Difficulty = z.infer<typeof Difficulty>

export const QUESTION_LIMITS = { statement: 20_000, text: 4_000, hints: 6, code: 10_000 } as const

/** Lowercase words joined by `-`; a bundled question's id is also its file name. */
export const QuestionId = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Question ids are lowercase words joined by -, like "first-free-slot"')

/** Trimmed, non-empty, uncapped: each use sets its own cap (chained .max calls all apply, so the shorter one would win). */
const NonEmpty = z.string().trim().min(1)
const Text = NonEmpty.max(QUESTION_LIMITS.text)
const Tag = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Tags are lowercase words joined by -')

/** One rung of a hint ladder, from a general nudge up to the approach. */
export const HintTier = z.object({ title: Text.optional(), text: Text })
export type HintTier = z.infer<typeof HintTier>

/** Starter code per editor language; code is kept byte for byte (no trimming). */
export const StarterCode = z.partialRecord(Language, z.string().min(1).max(QUESTION_LIMITS.code))
export type StarterCode = z.infer<typeof StarterCode>

export const CodeExample = z.object({ input: Text, output: Text, explanation: Text.optional() })
export type CodeExample = z.infer<typeof CodeExample>

/**
 * `input` is the argument list for the entry function; `expected` its return value. A hidden test
 * never reaches the candidate: they learn only how many hidden tests passed.
 */
export const TestCase = z.object({ input: z.array(z.json()), expected: z.json(), hidden: z.boolean().optional() })
export type TestCase = z.infer<typeof TestCase>

/** A stage of a system-design interview and the questions that probe it. */
export const Checkpoint = z.object({ title: Text, prompts: z.array(Text) })
export type Checkpoint = z.infer<typeof Checkpoint>

export const QuestionSummary = z.object({
  id: QuestionId,
  title: Text.max(LIMITS.title),
  kind: QuestionKind,
  difficulty: Difficulty,
  tags: z.array(Tag),
})
export type QuestionSummary = z.infer<typeof QuestionSummary>

const ViewBase = QuestionSummary.extend({
  /** Markdown shown to the candidate: the problem statement or the prompt. */
  statement: NonEmpty.max(QUESTION_LIMITS.statement),
  durationMinutes: z.number().int().min(1).max(180),
})

const CodingBase = ViewBase.extend({
  kind: z.literal('coding'),
  /** Entry point the tests call; the same name in every language. Custom questions may omit it. */
  functionName: z.string().regex(/^[A-Za-z_$][\w$]*$/).optional(),
  examples: z.array(CodeExample),
  constraints: z.array(Text),
  starter: StarterCode,
  /** Time limit of one run (RUN_LIMITS: 5 s by default, at most 15 s). */
  timeLimitMs: z.number().int().min(1000).max(15_000).optional(),
})
export const CodingCandidateView = CodingBase.extend({
  /** The tests everyone may see and run; hidden ones are only counted. */
  publicTests: z.array(TestCase).default([]),
  hiddenTestCount: z.number().int().min(0).default(0),
})
export const BehavioralCandidateView = ViewBase.extend({ kind: z.literal('behavioral') })
export const SystemDesignCandidateView = ViewBase.extend({ kind: z.literal('system-design') })

export const CandidateQuestionView = z.discriminatedUnion('kind', [
  CodingCandidateView,
  BehavioralCandidateView,
  SystemDesignCandidateView,
])
export type CandidateQuestionView = z.infer<typeof CandidateQuestionView>

const Hints = z.array(HintTier)

export const CodingInterviewerView = CodingBase.extend({
  hints: Hints,
  /** Markdown outline of the intended solution, with its complexity. */
  solution: Text.max(QUESTION_LIMITS.statement).optional(),
  tests: z.array(TestCase),
})
export const BehavioralInterviewerView = BehavioralCandidateView.extend({
  hints: Hints,
  competencies: z.array(Text),
  followUps: z.array(Text),
  /** What a strong answer shows; the interviewer's rubric. */
  strongAnswer: z.array(Text),
})
export const SystemDesignInterviewerView = SystemDesignCandidateView.extend({
  hints: Hints,
  checkpoints: z.array(Checkpoint),
})

export const InterviewerQuestionView = z.discriminatedUnion('kind', [
  CodingInterviewerView,
  BehavioralInterviewerView,
  SystemDesignInterviewerView,
])
export type InterviewerQuestionView = z.infer<typeof InterviewerQuestionView>

/** A question an interviewer writes for one room. Starter code only makes sense for coding. */
export const CustomQuestionInput = z
  .object({
    title: Text.max(LIMITS.title),
    kind: QuestionKind,
    difficulty: Difficulty.optional(),
    statement: NonEmpty.max(QUESTION_LIMITS.statement),
    hints: Hints.max(QUESTION_LIMITS.hints).optional(),
    starter: StarterCode.optional(),
    durationMinutes: z.number().int().min(1).max(180).optional(),
    /** Behavioral only: what the question probes, follow-ups, and what a strong answer shows. */
    competencies: z.array(Text.max(60)).max(8).optional(),
    followUps: z.array(Text).max(8).optional(),
    strongAnswer: z.array(Text).max(8).optional(),
  })
  .strict()
  .refine((q) => q.kind === 'coding' || q.starter === undefined, {
    message: 'Starter code is only for coding questions',
    path: ['starter'],
  })
  .refine((q) => q.kind === 'behavioral' || (!q.competencies && !q.followUps && !q.strongAnswer), {
    message: 'Competencies, follow-ups and a strong answer are only for behavioral questions',
    path: ['competencies'],
  })
export type CustomQuestionInput = z.infer<typeof CustomQuestionInput>
