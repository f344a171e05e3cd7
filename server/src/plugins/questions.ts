import fp from 'fastify-plugin'
import { BUNDLED_QUESTIONS_DIR, loadQuestionBank, type QuestionBank } from '../interview/question-bank.ts'

declare module 'fastify' {
  interface FastifyInstance {
    questions: QuestionBank
  }
}

export interface QuestionsPluginOptions {
  /** A ready bank (tests); otherwise the files in `dir`. */
  bank?: QuestionBank
  /** Defaults to the bundled questions (server/questions). */
  dir?: string
}

/** Loads and validates the question bank at start: an invalid file stops the server with every problem listed. */
export default fp<QuestionsPluginOptions>(
  async (app, opts) => {
    const bank = opts.bank ?? (await loadQuestionBank(opts.dir ?? BUNDLED_QUESTIONS_DIR))
    app.decorate('questions', bank)
  },
  { name: 'questions' },
)
