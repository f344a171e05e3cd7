import type { Tickets } from '../collab/tickets.ts'
import type { RoomService } from '../rooms/room-service.ts'
import { AppError } from '@nudge/shared'
import type { CommandHandlers } from './command.ts'

/** Tickets for the Yjs WebSocket, and the clock ping clients use to estimate their offset. */
export function collabHandlers(tickets: Tickets, rooms: RoomService): CommandHandlers {
  return {
    'collab:ticket': async ({ who }) => {
      const room = await rooms.get(who.roomId)
      if (!room) throw new AppError('NOT_FOUND')
      const t = tickets.issue({ roomId: who.roomId, role: who.role, participantId: who.participantId, name: who.name })
      return { ...t, epoch: room.epoch }
    },
    'clock:ping': (_ctx, { clientSentAt }) => ({ clientSentAt, serverNow: Date.now() }),
  }
}
