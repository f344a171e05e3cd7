import {
  AppError, CustomQuestionInput, DIFFICULTIES, INTERVIEW_LIMITS, type InterviewerQuestionView, type QuestionKind,
} from '@nudge/shared'
import {
  QuestionFile, QuestionFormatError, fromCustomInput, parseQuestionFile, parseQuestionJson, serializeQuestion,
  serializeQuestionJson, type QuestionBank,
} from './question-bank.ts'
import { defaultPhases } from './clock.ts'

/**
 * The questions a room can use: the bank's, plus custom ones its interviewers wrote or imported
 * (kept in the room's `questions` state). Custom ids never collide with the bank's.
 */
export class RoomQuestions {
  constructor(private readonly bank: QuestionBank, private readonly custom: InterviewerQuestionView[]) {}

  get(id: string): InterviewerQuestionView | undefined {
    return this.custom.find((q) => q.id === id) ?? this.bank.interviewerView(id)
  }

  private taken(id: string): boolean {
    return this.bank.get(id) !== undefined || this.custom.some((q) => q.id === id)
  }

  private freeId(base: string, suffix: () => string): string {
    if (!this.taken(base)) return base
    for (;;) {
      const id = `${base.slice(0, 48)}-${suffix()}`
      if (!this.taken(id)) return id
    }
  }

  private add(q: InterviewerQuestionView): InterviewerQuestionView[] {
    if (this.custom.length >= INTERVIEW_LIMITS.customQuestionsPerRoom) throw new AppError('TOO_LARGE', 'This room has too many custom questions.')
    return [...this.custom, q]
  }

  /** A question the interviewer wrote, with its own hints. */
  create(input: CustomQuestionInput, suffix: () => string): { question: InterviewerQuestionView; custom: InterviewerQuestionView[] } {
    const question = fromCustomInput(this.freeId(`custom-${suffix()}`, suffix), input)
    return { question, custom: this.add(question) }
  }

  /**
   * Imports a question file: the bank's Markdown format, or JSON (a complete question, or the
   * short custom form `question:export` writes for questions without tests). An id already in
   * use gets a suffix.
   */
  import(format: 'markdown' | 'json', text: string, suffix: () => string): { question: InterviewerQuestionView; custom: InterviewerQuestionView[] } {
    let question: InterviewerQuestionView
    try {
      question = format === 'markdown' ? parseQuestionFile(text) : parseJson(text, suffix)
    } catch (err) {
      if (err instanceof QuestionFormatError) throw new AppError('BAD_REQUEST', err.message)
      throw err
    }
    question = { ...question, id: this.freeId(question.id, suffix) }
    return { question, custom: this.add(question) }
  }

  /**
   * A file another Nudge can import. Complete questions export in the bank's format; a custom
   * question without tests or a solution exports as its short JSON form (Markdown needs the full format).
   */
  export(id: string, format: 'markdown' | 'json'): { filename: string; text: string } {
    const q = this.get(id)
    if (!q) throw new AppError('NOT_FOUND', 'No such question.')
    const full = QuestionFile.safeParse(q)
    if (full.success) {
      return format === 'markdown'
        ? { filename: `${q.id}.md`, text: serializeQuestion(full.data) }
        : { filename: `${q.id}.json`, text: serializeQuestionJson(full.data) }
    }
    if (format === 'markdown') {
      throw new AppError('CONFLICT', 'Only complete questions (with tests and a solution) export as Markdown; export this one as JSON.')
    }
    const short: CustomQuestionInput = {
      title: q.title, kind: q.kind, difficulty: q.difficulty, statement: q.statement, hints: q.hints,
      durationMinutes: q.durationMinutes, ...(q.kind === 'coding' ? { starter: q.starter } : {}),
    }
    return { filename: `${q.id}.json`, text: `${JSON.stringify(short, null, 2)}\n` }
  }

  /**
   * A question nobody in the room has seen yet, for a new round: same kind as `prefer.kind` if
   * possible, closest in difficulty. Custom questions come first (the interviewer added them on purpose).
   */
  unseen(used: Set<string>, prefer: { kind: QuestionKind; difficulty?: string }): InterviewerQuestionView | undefined {
    const rank = (d: string) => DIFFICULTIES.indexOf(d as (typeof DIFFICULTIES)[number])
    const target = rank(prefer.difficulty ?? 'medium')
    const pool = [...this.custom, ...this.bank.list().map((s) => this.bank.interviewerView(s.id)!)].filter((q) => !used.has(q.id))
    const sameKind = pool.filter((q) => q.kind === prefer.kind)
    const candidates = sameKind.length > 0 ? sameKind : pool
    return candidates.reduce<InterviewerQuestionView | undefined>(
      (best, q) => (!best || Math.abs(rank(q.difficulty) - target) < Math.abs(rank(best.difficulty) - target) ? q : best),
      undefined,
    )
  }
}

function parseJson(text: string, suffix: () => string): InterviewerQuestionView {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    throw new QuestionFormatError(`✖ Not valid JSON: ${(err as Error).message}`)
  }
  const short = CustomQuestionInput.safeParse(data)
  if (short.success) return fromCustomInput(`custom-${suffix()}`, short.data)
  return parseQuestionJson(data)
}

/** The clock plan a question implies: its kind, its minutes, one block per behavioral answer. */
export const phasesFor = (q: InterviewerQuestionView) =>
  defaultPhases(q.kind, { minutes: q.durationMinutes, answers: q.kind === 'behavioral' ? 1 + q.followUps.length : undefined })
