import fp from 'fastify-plugin'
import { RoomService } from '../rooms/room-service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    rooms: RoomService
  }
}

export default fp(
  async (app) => {
    app.decorate('rooms', new RoomService(app.store))
  },
  { name: 'rooms', dependencies: ['store'] },
)
