import { readdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  CandidateQuestionView,
  DIFFICULTIES,
  InterviewerQuestionView,
  QUESTION_KINDS,
  QuestionSummary,
  type CustomQuestionInput,
  type Difficulty,
  type QuestionKind,
} from '@nudge/shared'
import { safeParseQuestionFile, type Question } from './question-format.ts'

export * from './question-format.ts'

/** The questions that ship with Nudge: server/questions/<kind>/<id>.md. */
export const BUNDLED_QUESTIONS_DIR = fileURLToPath(new URL('../../questions', import.meta.url))

/** Every invalid file of a bank at once, so an operator fixes them in one pass. */
export class QuestionBankError extends Error {
  override name = 'QuestionBankError'
  constructor(readonly problems: { file: string; problems: string }[]) {
    const list = problems.map((p) => `${p.file}\n${p.problems.replace(/^/gm, '  ')}`).join('\n\n')
    super(`Invalid question bank: ${problems.length} file(s) need fixing.\n\n${list}`)
  }
}

/**
 * Reads `<dir>/<kind>/*.md` for each kind and validates every file. A missing kind folder counts
 * as empty; a missing `dir` is an error. File names must equal ids, so ids are unique within a
 * folder and only need checking across folders.
 */
export async function loadQuestionBank(dir: string): Promise<QuestionBank> {
  const problems: { file: string; problems: string }[] = []
  const questions: Question[] = []
  const seen = new Map<string, string>()
  await readdir(dir) // throws ENOENT with the path in the message
  for (const kind of QUESTION_KINDS) {
    const names = (await readdir(join(dir, kind)).catch(ifMissing([]))).filter((n) => n.endsWith('.md')).sort()
    for (const name of names) {
      const file = join(kind, name)
      const result = safeParseQuestionFile(await readFile(join(dir, file), 'utf8'))
      if (!result.ok) {
        problems.push({ file, problems: result.problems })
        continue
      }
      const q = result.question
      const id = basename(name, '.md')
      const mismatch = [
        q.id !== id && `✖ id "${q.id}" must equal the file name "${id}"`,
        q.kind !== kind && `✖ kind "${q.kind}" does not belong in the ${kind}/ folder`,
        seen.has(q.id) && `✖ id "${q.id}" is already used by ${seen.get(q.id)}`,
      ].filter((m): m is string => typeof m === 'string')
      if (mismatch.length > 0) problems.push({ file, problems: mismatch.join('\n') })
      else questions.push(q)
      if (!seen.has(q.id)) seen.set(q.id, file)
    }
  }
  if (problems.length > 0) throw new QuestionBankError(problems)
  return new QuestionBank(questions)
}

const ifMissing = <T>(fallback: T) => (error: NodeJS.ErrnoException): T => {
  if (error.code === 'ENOENT') return fallback
  throw error
}

// A bundled Question is also an InterviewerQuestionView, so these work for custom questions too.
export const toSummary = (q: InterviewerQuestionView): QuestionSummary => QuestionSummary.parse(q)
/** Parsing through the candidate schema strips every field it does not name. */
export const toCandidateView = (q: InterviewerQuestionView): CandidateQuestionView => CandidateQuestionView.parse(q)
export const toInterviewerView = (q: InterviewerQuestionView): InterviewerQuestionView => InterviewerQuestionView.parse(q)

export interface QuestionFilter {
  kind?: QuestionKind
  difficulty?: Difficulty
  tag?: string
}

const order = (q: Question) => QUESTION_KINDS.indexOf(q.kind) * 10 + DIFFICULTIES.indexOf(q.difficulty)

/** An immutable, validated set of questions with the per-role views. */
export class QuestionBank {
  private readonly byId = new Map<string, Question>()

  constructor(questions: Iterable<Question>) {
    const sorted = [...questions].sort((a, b) => order(a) - order(b) || a.title.localeCompare(b.title))
    for (const q of sorted) {
      if (this.byId.has(q.id)) throw new Error(`Duplicate question id "${q.id}"`)
      this.byId.set(q.id, q)
    }
  }

  get size(): number {
    return this.byId.size
  }

  /** Summaries, ordered by kind, difficulty and title. */
  list(filter: QuestionFilter = {}): QuestionSummary[] {
    return [...this.byId.values()]
      .filter((q) => (!filter.kind || q.kind === filter.kind) && (!filter.difficulty || q.difficulty === filter.difficulty))
      .filter((q) => !filter.tag || q.tags.includes(filter.tag))
      .map(toSummary)
  }

  /** The full question, for interviewers and the code runner. */
  get(id: string): Question | undefined {
    return this.byId.get(id)
  }

  candidateView(id: string): CandidateQuestionView | undefined {
    const q = this.byId.get(id)
    return q && toCandidateView(q)
  }

  interviewerView(id: string): InterviewerQuestionView | undefined {
    const q = this.byId.get(id)
    return q && toInterviewerView(q)
  }
}

const DEFAULT_MINUTES: Record<QuestionKind, number> = { coding: 45, behavioral: 10, 'system-design': 45 }

/** Turns an interviewer's validated custom question into the same view bundled questions have. */
export function fromCustomInput(id: string, input: CustomQuestionInput): InterviewerQuestionView {
  const base = {
    id,
    title: input.title,
    difficulty: input.difficulty ?? 'medium',
    tags: ['custom'],
    statement: input.statement,
    durationMinutes: input.durationMinutes ?? DEFAULT_MINUTES[input.kind],
    hints: input.hints ?? [],
  }
  // Parsing checks the id the caller chose as well as the assembled shape.
  switch (input.kind) {
    case 'coding':
      return InterviewerQuestionView.parse({ ...base, kind: 'coding', examples: [], constraints: [], starter: input.starter ?? {}, tests: [] })
    case 'behavioral':
      return InterviewerQuestionView.parse({
        ...base, kind: 'behavioral',
        competencies: input.competencies ?? [], followUps: input.followUps ?? [], strongAnswer: input.strongAnswer ?? [],
      })
    case 'system-design':
      return InterviewerQuestionView.parse({ ...base, kind: 'system-design', checkpoints: [] })
  }
}
