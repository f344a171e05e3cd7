import fp from 'fastify-plugin'
import { LoopService } from '../loops/loop-service.ts'
import { readCode } from '../interview/document.ts'

declare module 'fastify' {
  interface FastifyInstance {
    loops: LoopService
  }
}

export default fp(
  async (app) => {
    app.decorate('loops', new LoopService({
      store: app.store,
      rooms: app.rooms,
      bank: app.questions,
      rounds: {
        current: (roomId) => app.interview.currentRound(roomId),
        code: (roomId) => app.collab.withDocument(roomId, readCode),
        debrief: (roomId, seat, n) => app.interview.debrief(roomId, seat, n),
        inCode: (roomId, fn) => app.collab.withDocument(roomId, fn),
      },
      publicUrl: () => app.site.url,
    }))
  },
  { name: 'loops', dependencies: ['site', 'store', 'rooms', 'questions', 'interview', 'collab'] },
)
