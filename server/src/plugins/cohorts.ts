import fp from 'fastify-plugin'
import { CohortService } from '../cohorts/cohort-service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    cohorts: CohortService
  }
}

export default fp<{ publicUrl: string }>(
  async (app, opts) => {
    app.decorate('cohorts', new CohortService({ store: app.store, rooms: app.rooms, bank: app.questions, publicUrl: opts.publicUrl }))
  },
  { name: 'cohorts', dependencies: ['store', 'rooms', 'questions'] },
)
