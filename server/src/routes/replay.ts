import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { DocName, ErrorBody, ReplayMeta, ReplayPage, ReplayTime, RoomId } from '@nudge/shared'
import { ReplayService } from '../replay/replay.ts'
import { seatFrom } from './debrief.ts'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

const params = z.object({ id: RoomId, n: z.coerce.number().int().min(1).max(1000) })
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }

/**
 * Session replay over HTTP (issue #18). Authorized exactly like the debrief (the invite secret as
 * a bearer token decides the seat, the seat's role in the round decides what it holds); the
 * timeline inside is that seat's debrief. Updates come in pages so a long round loads with
 * progress instead of in one response.
 */
const replayRoutes: FastifyPluginAsyncZod = async (app) => {
  const replay = new ReplayService({ store: app.store, interview: app.interview })

  // A long round's updates are megabytes of JSON (base64) that compress about 6×: compress what
  // these routes send when the browser accepts it (scoped to this plugin; static files are
  // precompressed at build).
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' || payload.length < 1024 || reply.statusCode !== 200) return payload
    const accepts = String(request.headers['accept-encoding'] ?? '')
    reply.header('vary', 'accept-encoding')
    if (/\bbr\b/.test(accepts)) {
      reply.header('content-encoding', 'br')
      return brotli(payload, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
    }
    if (/\bgzip\b/.test(accepts)) {
      reply.header('content-encoding', 'gzip')
      return gzipAsync(payload)
    }
    return payload
  })

  app.get(
    '/api/rooms/:id/rounds/:n/replay',
    {
      schema: {
        summary: 'A round’s replay: timeline and where its documents start',
        description: 'The viewer’s debrief (timeline, hints, questions, runs, chat; notes only for the round’s interviewer), the authors, and each document’s state at the round’s start. `t` (mm:ss) is checked against the round’s length. Authenticate with `Authorization: Bearer <invite secret>`.',
        tags: ['replay'],
        security: [{ bearer: [] }],
        params,
        querystring: z.object({ t: ReplayTime.optional() }),
        response: { 200: ReplayMeta, ...errors },
      },
    },
    async (request, reply) => {
      const { id, n } = request.params
      const seat = await seatFrom(app, request, id)
      const meta = await replay.meta(id, seat, n, request.query.t ?? null)
      reply.header('cache-control', 'private, no-store')
      return meta
    },
  )

  app.get(
    '/api/rooms/:id/rounds/:n/replay/updates',
    {
      schema: {
        summary: 'One page of a round’s document updates',
        description: 'Stored Yjs updates of `doc` inside the round with their server time and author, oldest first. Start with `after` from the replay; continue with `next` until it is null.',
        tags: ['replay'],
        security: [{ bearer: [] }],
        params,
        querystring: z.object({
          doc: DocName.default('code'),
          after: z.coerce.number().int().min(0),
        }),
        response: { 200: ReplayPage, ...errors },
      },
    },
    async (request, reply) => {
      const { id, n } = request.params
      await seatFrom(app, request, id)
      const page = await replay.page(id, n, request.query.doc, request.query.after)
      reply.header('cache-control', 'private, no-store')
      return page
    },
  )
}

export default replayRoutes
