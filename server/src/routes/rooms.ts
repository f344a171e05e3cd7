import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AppError, CreateRoomBody, CreateRoomResponse, ErrorBody, InviteCheck, ROLES, RoomId } from '@nudge/shared'

export interface RoomRoutesOptions {
  /** Rooms one client address may create per window (ROOM_CREATE_MAX / ROOM_CREATE_WINDOW_MS). */
  createLimit: { max: number; windowMs: number }
}

/** Creating a room returns one invite link per role; each carries its secret in the fragment. */
const roomRoutes: FastifyPluginAsyncZod<RoomRoutesOptions> = async (app, opts) => {
  app.post(
    '/api/rooms',
    {
      schema: {
        summary: 'Create a room',
        description:
          'Creates an interview room and returns invite links for the candidate, interviewer and observer. ' +
          'Each link carries its role secret as `token=<secret>` in the URL fragment, so it never reaches server logs.',
        tags: ['rooms'],
        body: CreateRoomBody.nullish(),
        response: { 201: CreateRoomResponse, 400: ErrorBody, 429: ErrorBody },
      },
      // Anyone may create a room: without a limit one address could fill the disk with rooms.
      config: { rateLimit: { max: opts.createLimit.max, timeWindow: opts.createLimit.windowMs } },
    },
    async (request, reply) => {
      const { room, secrets } = await app.rooms.create(request.body ?? {})
      request.log.info({ roomId: room.id }, 'room created')
      const invites = Object.fromEntries(
        ROLES.map((role) => [role, `${app.site.url}/r/${room.id}#token=${secrets[role]}`]),
      ) as Record<(typeof ROLES)[number], string>
      return reply.code(201).send({ id: room.id, invites })
    },
  )

  // The join page checks the link before asking for a name: a bad or revoked invite is told so
  // at once. The secret travels in a header, never in a URL that could be logged.
  app.get(
    '/api/rooms/:id/invite',
    {
      schema: {
        summary: 'Check an invite link',
        description: 'Which room and role an invite secret opens. Authenticate with `Authorization: Bearer <invite secret>`.',
        tags: ['rooms'],
        security: [{ bearer: [] }],
        params: z.object({ id: RoomId }),
        response: { 200: InviteCheck, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const match = /^Bearer\s+(\S{16,128})$/i.exec(request.headers.authorization ?? '')
      if (!match) throw new AppError('UNAUTHORIZED', 'Send the invite secret as "Authorization: Bearer <secret>".')
      const { room, role } = await app.rooms.authenticate(request.params.id, match[1]!)
      reply.header('cache-control', 'private, no-store')
      return { roomId: room.id, title: room.title, role }
    },
  )
}

export default roomRoutes
