import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AppError, ErrorBody, RoomId } from '@nudge/shared'
import { removeRoom } from '../retention/room-removal.ts'

const DeleteRoomBody = z.object({
  /** The room's id again: a request that does not name the room it deletes is refused. */
  confirm: z.string().max(64),
}).strict()

/** Deleting a room: its interviewer only, with the room's id repeated as confirmation. */
const roomAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.delete(
    '/api/rooms/:id',
    {
      schema: {
        summary: 'Delete a room',
        description:
          'Deletes the room and everything stored for it (document, history, notes, chat, runs); every connection is closed and ' +
          'every invite link stops working. Only the interviewer link may do it: `Authorization: Bearer <interviewer secret>`, ' +
          'and the body must repeat the room id as `{"confirm": "<room id>"}`.',
        tags: ['rooms'],
        security: [{ bearer: [] }],
        params: z.object({ id: RoomId }),
        body: DeleteRoomBody,
        response: { 204: z.null(), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const match = /^Bearer\s+(\S{16,128})$/i.exec(request.headers.authorization ?? '')
      if (!match) throw new AppError('UNAUTHORIZED', 'Send the interviewer’s invite secret as "Authorization: Bearer <secret>".')
      const { role } = await app.rooms.authenticate(request.params.id, match[1]!)
      if (role !== 'interviewer') throw new AppError('FORBIDDEN', 'Only the interviewer can delete this room.')
      if (request.body.confirm !== request.params.id) throw new AppError('BAD_REQUEST', 'To delete the room, repeat its id as "confirm".')
      await removeRoom({ store: app.store, io: app.io, collab: app.collab, log: request.log }, request.params.id)
      return reply.code(204).send(null)
    },
  )
}

export default roomAdminRoutes
