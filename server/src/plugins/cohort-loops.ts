import fp from 'fastify-plugin'
import { CohortLoopService } from '../cohorts/cohort-loops.ts'

declare module 'fastify' {
  interface FastifyInstance {
    cohortLoops: CohortLoopService
  }
}

export default fp(
  async (app) => {
    app.decorate('cohortLoops', new CohortLoopService({ store: app.store, loops: app.loops, publicUrl: () => app.site.url }))
  },
  { name: 'cohort-loops', dependencies: ['site', 'store', 'cohorts', 'loops'] },
)
