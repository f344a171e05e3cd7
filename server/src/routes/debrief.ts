import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { AppError, Debrief, ErrorBody, RoomId } from '@nudge/shared'
import { debriefMarkdown } from '../interview/debrief-markdown.ts'

/** `Authorization: Bearer <invite secret>`: the secret decides the seat and so what the debrief holds. */
export async function seatFrom(app: Parameters<FastifyPluginAsyncZod>[0], request: FastifyRequest, roomId: string): Promise<string> {
  const header = request.headers.authorization ?? ''
  const match = /^Bearer\s+(\S{16,128})$/i.exec(header)
  if (!match) throw new AppError('UNAUTHORIZED', 'Send the invite secret as "Authorization: Bearer <secret>".')
  return (await app.rooms.authenticate(roomId, match[1]!)).seat
}

const params = z.object({ id: RoomId, n: z.coerce.number().int().min(1).max(1000) })
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }

/**
 * A round's debrief over HTTP, as JSON or Markdown. What it contains depends on the caller's role
 * in that round: interviewer notes and an unshared scorecard only reach the round's interviewer.
 */
const debriefRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/rooms/:id/rounds/:n/debrief',
    {
      schema: {
        summary: 'A round’s debrief (JSON)',
        description: 'Timeline (planned vs actual phases, hints, questions), scores beside the self-assessment, final code and counts. Authenticate with `Authorization: Bearer <invite secret>`.',
        tags: ['debrief'],
        security: [{ bearer: [] }],
        params,
        response: { 200: Debrief, ...errors },
      },
    },
    async (request, reply) => {
      const seat = await seatFrom(app, request, request.params.id)
      const debrief = await app.interview.debrief(request.params.id, seat, request.params.n)
      reply.header('cache-control', 'private, no-store')
      return debrief
    },
  )

  app.get(
    '/api/rooms/:id/rounds/:n/debrief.md',
    {
      schema: {
        summary: 'A round’s debrief (Markdown)',
        description: 'The same debrief rendered as Markdown, for download. Authenticate with `Authorization: Bearer <invite secret>`.',
        tags: ['debrief'],
        security: [{ bearer: [] }],
        params,
        response: { 200: z.string().describe('text/markdown'), ...errors },
      },
    },
    async (request, reply) => {
      const { id, n } = request.params
      const seat = await seatFrom(app, request, id)
      const md = debriefMarkdown(await app.interview.debrief(id, seat, n))
      return reply
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="debrief-${id}-round-${n}.md"`)
        .type('text/markdown; charset=utf-8')
        .send(md)
    },
  )
}

export default debriefRoutes
