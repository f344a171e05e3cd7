import { z } from 'zod'
import { Document, isCollection, isSeq, parseDocument } from 'yaml'
import {
  BehavioralInterviewerView,
  COMPETENCY_IDS,
  CodingInterviewerView,
  HintTier,
  SystemDesignInterviewerView,
  TestCase,
} from '@nudge/shared'

/**
 * The format of one question: Markdown with YAML front matter. The body is the statement shown to
 * the candidate; everything else lives in the front matter. These schemas extend the wire views
 * with the rules bundled questions must meet, and are strict so a misspelt key is reported
 * instead of silently dropped.
 */

const Code = z.string().min(1)
const Tags = z.array(z.string()).min(1)
const hints = (min: number, max: number) => z.array(HintTier).min(min).max(max)

export const CodingQuestionFile = CodingInterviewerView.extend({
  tags: CodingInterviewerView.shape.tags.min(1),
  durationMinutes: z.number().int().min(10).max(90),
  functionName: z.string().regex(/^[A-Za-z_$][\w$]*$/, 'Must be a valid identifier'),
  examples: CodingInterviewerView.shape.examples.min(1),
  starter: z
    .object({ javascript: Code, typescript: Code, python: Code, java: Code.optional(), cpp: Code.optional(), go: Code.optional() })
    .strict(),
  hints: hints(3, 4),
  solution: z.string().trim().min(1),
  tests: z.array(TestCase).min(4),
})
  .strict()
  .superRefine((q, ctx) => {
    // The runner calls functionName in every language, so every starter must declare it.
    for (const [language, code] of Object.entries(q.starter)) {
      if (code && !code.includes(q.functionName)) {
        ctx.addIssue({ code: 'custom', path: ['starter', language], message: `Does not declare ${q.functionName}` })
      }
    }
  })

export const BehavioralQuestionFile = BehavioralInterviewerView.extend({
  tags: Tags,
  durationMinutes: z.number().int().min(3).max(30),
  // Catalogue ids (shared/src/competencies.ts), so rubrics, story tags and heatmaps line up.
  competencies: z.array(z.enum(COMPETENCY_IDS)).min(1),
  followUps: BehavioralInterviewerView.shape.followUps.min(2),
  strongAnswer: BehavioralInterviewerView.shape.strongAnswer.min(2),
  hints: hints(2, 3),
}).strict()

export const SystemDesignQuestionFile = SystemDesignInterviewerView.extend({
  tags: Tags,
  durationMinutes: z.number().int().min(20).max(90),
  checkpoints: z.array(SystemDesignInterviewerView.shape.checkpoints.element.extend({
    prompts: SystemDesignInterviewerView.shape.checkpoints.element.shape.prompts.min(1),
  }).strict()).min(3),
  hints: hints(2, 4),
}).strict()

export const QuestionFile = z.discriminatedUnion('kind', [CodingQuestionFile, BehavioralQuestionFile, SystemDesignQuestionFile])
export type Question = z.infer<typeof QuestionFile>

/** A question that failed to parse; `problems` is readable, one problem per line. */
export class QuestionFormatError extends Error {
  override name = 'QuestionFormatError'
  constructor(readonly problems: string) {
    super(`Invalid question:\n${problems}`)
  }
}

export type ParseResult = { ok: true; question: Question } | { ok: false; problems: string }

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/

export function safeParseQuestionFile(text: string): ParseResult {
  const match = FRONT_MATTER.exec(text)
  if (!match) return { ok: false, problems: '✖ The file must start with YAML front matter between two --- lines' }
  let front: unknown
  try {
    // The leading newline stands in for the opening --- so YAML's line numbers match the file's.
    const doc = parseDocument(`\n${match[1]}`, { prettyErrors: true })
    if (doc.errors.length > 0) return { ok: false, problems: doc.errors.map((e) => `✖ ${e.message}`).join('\n') }
    // An alias bomb (aliases of aliases) expands exponentially: a question needs few, if any.
    front = doc.toJS({ maxAliasCount: MAX_ALIASES })
  } catch {
    return { ok: false, problems: `✖ The front matter is too complex: at most ${MAX_ALIASES} aliases and ${MAX_DEPTH} levels of nesting` }
  }
  if (typeof front !== 'object' || front === null || Array.isArray(front)) {
    return { ok: false, problems: '✖ The front matter must be a YAML mapping (key: value lines)' }
  }
  if ('statement' in front) return { ok: false, problems: '✖ statement: write the statement as the Markdown body, not in the front matter' }
  return validate({ ...front, statement: match[2] })
}

export function safeParseQuestionJson(input: unknown): ParseResult {
  if (typeof input !== 'string') return validate(input)
  try {
    return validate(JSON.parse(input))
  } catch (error) {
    return { ok: false, problems: `✖ Not valid JSON: ${(error as Error).message}` }
  }
}

/** Limits on untrusted input (question:import): a question is a flat record with short lists. */
const MAX_ALIASES = 20
const MAX_DEPTH = 16

/** Nesting depth of a decoded value, measured without recursion (a deep value would overflow it). */
function depthOf(value: unknown): number {
  let max = 0
  const stack: [unknown, number][] = [[value, 1]]
  while (stack.length > 0) {
    const [v, d] = stack.pop()!
    if (typeof v !== 'object' || v === null) continue
    if (d > max) max = d
    if (max > MAX_DEPTH) return max
    for (const child of Object.values(v)) stack.push([child, d + 1])
  }
  return max
}

function validate(data: unknown): ParseResult {
  if (depthOf(data) > MAX_DEPTH) return { ok: false, problems: `✖ The question is nested more than ${MAX_DEPTH} levels deep` }
  const parsed = QuestionFile.safeParse(data)
  return parsed.success ? { ok: true, question: parsed.data } : { ok: false, problems: z.prettifyError(parsed.error) }
}

const unwrap = (result: ParseResult): Question => {
  if (!result.ok) throw new QuestionFormatError(result.problems)
  return result.question
}

/** Parses one question in the Markdown + front matter format; throws QuestionFormatError. */
export const parseQuestionFile = (text: string): Question => unwrap(safeParseQuestionFile(text))
/** Parses a question from JSON text or an already-decoded value; throws QuestionFormatError. */
export const parseQuestionJson = (input: unknown): Question => unwrap(safeParseQuestionJson(input))

export const serializeQuestionJson = (q: Question): string => `${JSON.stringify(q, null, 2)}\n`

/** Writes the format parseQuestionFile reads; parse(serialize(q)) deep-equals q. */
export function serializeQuestion(q: Question): string {
  // The common keys first, in the order authors write them; the kind-specific ones follow.
  const { id, kind, title, difficulty, tags, durationMinutes, statement, ...rest } = q
  const doc = new Document({ id, kind, title, difficulty, tags, durationMinutes, ...rest })
  // Tags and test cases read best on one line each: `- { input: [[1, 2], 3], expected: 3 }`.
  const flow = (node: unknown) => {
    if (isCollection(node)) node.flow = true
  }
  flow(doc.get('tags', true))
  const tests = doc.get('tests', true)
  if (isSeq(tests)) tests.items.forEach(flow)
  // lineWidth 0: no folding, so code and test cases keep their lines; literal blocks keep code as is.
  const front = doc.toString({ lineWidth: 0, blockQuote: 'literal', flowCollectionPadding: false })
  return `---\n${front}---\n\n${statement}\n`
}
