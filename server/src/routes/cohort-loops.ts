import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AssignLoopsBody, AssignLoopsResult, CohortId, CohortLoops, ErrorBody, StudentLoops } from '@nudge/shared'

const bearer = (h: string | undefined): string | undefined => (h?.startsWith('Bearer ') ? h.slice(7).trim() || undefined : undefined)
const CohortParams = z.object({ id: CohortId })
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 500: ErrorBody }

/**
 * Loops assigned by a cohort's organizer (docs/cohorts.md, "Loops"). Authorized by the organizer
 * secret, so it is bounded by the cohort's loop quota, not by the per-address room-creation limit
 * that anonymous loop creation has. `/me/loops` takes a student's personal-link secret and shows
 * that student's own candidate links only.
 */
const cohortLoopRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/api/cohorts/:id/loops', {
    schema: {
      summary: 'Assign a loop to every student (or the chosen ones): one loop each, the student as candidate',
      tags: ['cohorts', 'loops'], params: CohortParams, body: AssignLoopsBody, response: { 201: AssignLoopsResult, ...errors },
    },
  }, async (req, reply) => {
    const cohort = await app.cohorts.organizer(req.params.id, bearer(req.headers.authorization))
    const started = Date.now()
    const { created } = await app.cohortLoops.assign(cohort, req.body)
    req.log.info({ cohortId: cohort.id, loops: created, stages: req.body.plan.stages.length, ms: Date.now() - started }, 'cohort loops assigned')
    return reply.code(201).send({ created, ...(await app.cohortLoops.list(cohort)) })
  })

  app.get('/api/cohorts/:id/loops', {
    schema: { summary: 'Every loop of the cohort, with its stages and the organizer\'s link to it', tags: ['cohorts', 'loops'], params: CohortParams, response: { 200: CohortLoops, ...errors } },
  }, async (req, reply) => {
    const cohort = await app.cohorts.organizer(req.params.id, bearer(req.headers.authorization))
    reply.header('cache-control', 'private, no-store')
    return app.cohortLoops.list(cohort)
  })

  app.get('/api/cohorts/:id/me/loops', {
    schema: { summary: 'A student\'s own loops (personal-link secret as bearer)', tags: ['cohorts', 'loops'], params: CohortParams, response: { 200: StudentLoops, ...errors } },
  }, async (req, reply) => {
    reply.header('cache-control', 'private, no-store')
    return app.cohortLoops.forStudent(req.params.id, bearer(req.headers.authorization))
  })
}

export default cohortLoopRoutes
