import fp from 'fastify-plugin'
import { CohortService } from '../cohorts/cohort-service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    cohorts: CohortService
  }
}

export default fp(
  async (app) => {
    app.decorate('cohorts', new CohortService({ store: app.store, rooms: app.rooms, bank: app.questions, publicUrl: () => app.site.url }))
  },
  { name: 'cohorts', dependencies: ['site', 'store', 'rooms', 'questions'] },
)
