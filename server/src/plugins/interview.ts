import fp from 'fastify-plugin'
import { InterviewService } from '../interview/interview-service.ts'
import { redisRoomLock } from '../interview/redis-lock.ts'

declare module 'fastify' {
  interface FastifyInstance {
    interview: InterviewService
  }
}

export interface InterviewPluginOptions {
  /** Prefix of Redis keys (scaled mode), shared with the other Redis users. */
  redisPrefix?: string
}

/**
 * The interview features' domain service over the store, the question bank and the live
 * documents. With Redis (several nodes), a room's changes are serialized across nodes too.
 */
export default fp<InterviewPluginOptions>(
  async (app, opts) => {
    const lock = app.redis ? redisRoomLock(app.redis, opts.redisPrefix ?? 'nudge:') : undefined
    app.decorate('interview', new InterviewService({ store: app.store, rooms: app.rooms, bank: app.questions, docs: app.collab, lock }))
  },
  { name: 'interview', dependencies: ['store', 'rooms', 'collab', 'questions', 'redis'] },
)
