import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Difficulty, ErrorBody, QuestionKind, QuestionSummary } from '@nudge/shared'

/**
 * The question bank's public listing. Only summaries: statements reach a candidate when the
 * interviewer picks a question, and hints, solutions and tests only ever reach interviewers.
 */
const questionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/questions',
    {
      schema: {
        summary: 'List the question bank',
        description: 'Summaries (id, title, kind, difficulty, tags) of the bundled questions, ordered by kind, difficulty and title.',
        tags: ['questions'],
        querystring: z.object({ kind: QuestionKind.optional(), difficulty: Difficulty.optional(), tag: z.string().max(40).optional() }),
        response: { 200: z.array(QuestionSummary), 400: ErrorBody },
      },
    },
    async (request) => app.questions.list(request.query),
  )
}

export default questionRoutes
