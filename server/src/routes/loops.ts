import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { seatRoom } from '../realtime/audience.ts'
import { AppError, CreateLoopBody, CreateLoopResponse, ErrorBody, LOOP_LIMITS, LoopDecisionInput, LoopId, LoopPacket, LoopView, ReviewCommentInput, ReviewComments, RoomId, RoomLoop, TakeHomeSubmission } from '@nudge/shared'

export interface LoopRoutesOptions {
  /** The room-creation limit (ROOM_CREATE_MAX per window); a loop counts as one room per stage it may have. */
  createLimit: { max: number; windowMs: number }
}

const bearer = (h: string | undefined): string | undefined => (h?.startsWith('Bearer ') ? h.slice(7).trim() || undefined : undefined)
const LoopParams = z.object({ id: LoopId })
const StageParams = z.object({ id: LoopId, n: z.coerce.number().int().min(1).max(LOOP_LIMITS.stages) })
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 429: ErrorBody }

/**
 * Interview loops over HTTP (docs/loops.md). Anyone may create one (rate-limited like rooms);
 * everything else takes a loop link's secret as a bearer token: the owner's, the candidate's or
 * an interviewer's, each seeing what their part allows.
 */
const loopRoutes: FastifyPluginAsyncZod<LoopRoutesOptions> = async (app, opts) => {
  const authorize = (req: { params: { id: string }; headers: { authorization?: string } }) =>
    app.loops.authorize(req.params.id, bearer(req.headers.authorization))

  app.post('/api/loops', {
    schema: {
      summary: 'Create an interview loop',
      description: 'A take-home, its review and live rounds, in order. Returns the owner\'s, the candidate\'s and each interviewer\'s link (secret in the fragment).',
      tags: ['loops'], body: CreateLoopBody, response: { 201: CreateLoopResponse, ...errors },
    },
    // A loop makes up to LOOP_LIMITS.stages rooms: it costs that many room creations.
    config: { rateLimit: { max: Math.max(1, Math.floor(opts.createLimit.max / LOOP_LIMITS.stages)), timeWindow: opts.createLimit.windowMs } },
  }, async (req, reply) => {
    const created = await app.loops.create(req.body)
    req.log.info({ loopId: created.id, stages: req.body.stages.length }, 'loop created')
    return reply.code(201).send(created)
  })

  app.get('/api/loops/:id', {
    schema: { summary: 'A loop as the link\'s holder may see it', tags: ['loops'], security: [{ bearer: [] }], params: LoopParams, response: { 200: LoopView, ...errors } },
  }, async (req, reply) => {
    const { loop, seat } = await authorize(req)
    reply.header('cache-control', 'private, no-store')
    return app.loops.view(loop, seat)
  })

  app.post('/api/loops/:id/stages/:n/submit', {
    schema: { summary: 'Submit a take-home (the candidate); freezes its code', tags: ['loops'], security: [{ bearer: [] }], params: StageParams, response: { 201: TakeHomeSubmission, ...errors } },
  }, async (req, reply) => {
    const { loop, seat } = await authorize(req)
    const sub = await app.loops.submit(loop, seat, req.params.n)
    req.log.info({ loopId: loop.id, stage: sub.stage, late: sub.late }, 'take-home submitted')
    return reply.code(201).send(sub)
  })

  app.get('/api/loops/:id/stages/:n/submission', {
    schema: { summary: 'A submitted take-home', tags: ['loops'], security: [{ bearer: [] }], params: StageParams, response: { 200: TakeHomeSubmission, ...errors } },
  }, async (req, reply) => {
    const { loop } = await authorize(req)
    reply.header('cache-control', 'private, no-store')
    return app.loops.submission(loop, req.params.n)
  })

  app.post('/api/loops/:id/stages/:n/decision', {
    schema: {
      summary: 'Would the stage\'s interviewer advance the candidate, and why', tags: ['loops'], security: [{ bearer: [] }], params: StageParams, body: LoopDecisionInput,
      response: { 200: z.object({ advance: z.boolean(), reason: z.string(), by: z.string(), at: z.number() }), ...errors },
    },
  }, async (req) => {
    const { loop, seat } = await authorize(req)
    return app.loops.decide(loop, seat, req.params.n, req.body)
  })

  // The review room hears that its comments changed and fetches them with its own invite: its
  // interviewer at once, everyone else only once the review is published (a candidate never learns
  // that unpublished comments exist).
  const reviewChanged = (loop: Parameters<typeof app.loops.reviewAudience>[0], n: number, review: ReviewComments) => {
    const { roomId, interviewerSeat } = app.loops.reviewAudience(loop, n)
    app.io.to(review.publishedAt === null ? seatRoom(roomId, interviewerSeat) : roomId).emit('loop:review-changed', { stage: n })
    return review
  }

  app.get('/api/loops/:id/stages/:n/comments', {
    schema: { summary: 'A take-home review\'s comments (the candidate\'s once published)', tags: ['loops'], security: [{ bearer: [] }], params: StageParams, response: { 200: ReviewComments, ...errors } },
  }, async (req, reply) => {
    const { loop, seat } = await authorize(req)
    reply.header('cache-control', 'private, no-store')
    return app.loops.reviewComments(loop, seat, req.params.n)
  })
  app.post('/api/loops/:id/stages/:n/comments', {
    schema: { summary: 'Comment on a range of the submitted take-home, or on a selection in the review room (its reviewer)', tags: ['loops'], security: [{ bearer: [] }], params: StageParams, body: ReviewCommentInput, response: { 201: ReviewComments, ...errors } },
  }, async (req, reply) => {
    const { loop, seat } = await authorize(req)
    return reply.code(201).send(reviewChanged(loop, req.params.n, await app.loops.addReviewComment(loop, seat, req.params.n, req.body)))
  })
  app.delete('/api/loops/:id/stages/:n/comments/:cid', {
    schema: {
      summary: 'Remove a review comment (its reviewer)', tags: ['loops'], security: [{ bearer: [] }],
      params: StageParams.extend({ cid: z.string().regex(/^[A-Za-z0-9_-]{6,32}$/) }), response: { 200: ReviewComments, ...errors },
    },
  }, async (req) => {
    const { loop, seat } = await authorize(req)
    return reviewChanged(loop, req.params.n, await app.loops.removeReviewComment(loop, seat, req.params.n, req.params.cid))
  })
  app.post('/api/loops/:id/stages/:n/comments/publish', {
    schema: { summary: 'Show the review comments to the candidate', tags: ['loops'], security: [{ bearer: [] }], params: StageParams, response: { 200: ReviewComments, ...errors } },
  }, async (req) => {
    const { loop, seat } = await authorize(req)
    return reviewChanged(loop, req.params.n, await app.loops.publishReview(loop, seat, req.params.n))
  })

  app.get('/api/loops/:id/packet', {
    schema: { summary: 'The loop packet (the candidate\'s once shared)', tags: ['loops'], security: [{ bearer: [] }], params: LoopParams, response: { 200: LoopPacket, ...errors } },
  }, async (req, reply) => {
    const { loop, seat } = await authorize(req)
    reply.header('cache-control', 'private, no-store')
    return app.loops.packet(loop, seat)
  })

  app.post('/api/loops/:id/packet/share', {
    schema: { summary: 'Share the packet with the candidate', tags: ['loops'], security: [{ bearer: [] }], params: LoopParams, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    const { loop, seat } = await authorize(req)
    await app.loops.sharePacket(loop, seat)
    return reply.code(204).send(null)
  })

  // A stage's room, with the room's own invite secret: which loop and stage it is, and the
  // take-home's submit button inside the room.
  const roomSeat = async (req: { params: { id: string }; headers: { authorization?: string } }) => {
    const token = bearer(req.headers.authorization)
    if (!token) throw new AppError('UNAUTHORIZED', 'Send the invite secret as "Authorization: Bearer <secret>".')
    return app.rooms.authenticate(req.params.id, token)
  }
  app.get('/api/rooms/:id/loop', {
    schema: { summary: 'The loop a room belongs to', tags: ['loops'], security: [{ bearer: [] }], params: z.object({ id: RoomId }), response: { 200: RoomLoop, ...errors } },
  }, async (req, reply) => {
    const { role } = await roomSeat(req)
    reply.header('cache-control', 'private, no-store')
    return (await app.loops.forRoom(req.params.id, role)).view
  })
  app.post('/api/rooms/:id/loop/submit', {
    schema: { summary: 'Submit the take-home this room holds (its candidate)', tags: ['loops'], security: [{ bearer: [] }], params: z.object({ id: RoomId }), response: { 201: TakeHomeSubmission, ...errors } },
  }, async (req, reply) => {
    const { role } = await roomSeat(req)
    const sub = await app.loops.submitFromRoom(req.params.id, role)
    req.log.info({ roomId: req.params.id, stage: sub.stage, late: sub.late }, 'take-home submitted from its room')
    return reply.code(201).send(sub)
  })

  // The review's interviewer comments from the review room itself, with the room's invite: on a
  // selection in the live code (an anchor), or on lines of the submission.
  const RoomParams = z.object({ id: RoomId })
  app.post('/api/rooms/:id/loop/comments', {
    schema: { summary: 'Comment on the review from its room (the room\'s interviewer)', tags: ['loops'], security: [{ bearer: [] }], params: RoomParams, body: ReviewCommentInput, response: { 201: ReviewComments, ...errors } },
  }, async (req, reply) => {
    const { loop, n, seat } = await app.loops.reviewInRoom(req.params.id, (await roomSeat(req)).role)
    return reply.code(201).send(reviewChanged(loop, n, await app.loops.addReviewComment(loop, seat, n, req.body)))
  })
  app.delete('/api/rooms/:id/loop/comments/:cid', {
    schema: {
      summary: 'Remove a review comment from the review room (its interviewer)', tags: ['loops'], security: [{ bearer: [] }],
      params: RoomParams.extend({ cid: z.string().regex(/^[A-Za-z0-9_-]{6,32}$/) }), response: { 200: ReviewComments, ...errors },
    },
  }, async (req) => {
    const { loop, n, seat } = await app.loops.reviewInRoom(req.params.id, (await roomSeat(req)).role)
    return reviewChanged(loop, n, await app.loops.removeReviewComment(loop, seat, n, req.params.cid))
  })
  app.post('/api/rooms/:id/loop/comments/publish', {
    schema: { summary: 'Show the review comments to the candidate, from the review room', tags: ['loops'], security: [{ bearer: [] }], params: RoomParams, response: { 200: ReviewComments, ...errors } },
  }, async (req) => {
    const { loop, n, seat } = await app.loops.reviewInRoom(req.params.id, (await roomSeat(req)).role)
    return reviewChanged(loop, n, await app.loops.publishReview(loop, seat, n))
  })

  app.post('/api/loops/:id/close', {
    schema: { summary: 'Close the loop (the owner): nothing more is submitted', tags: ['loops'], security: [{ bearer: [] }], params: LoopParams, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    const { loop, seat } = await authorize(req)
    await app.loops.close(loop, seat)
    return reply.code(204).send(null)
  })
}

export default loopRoutes
