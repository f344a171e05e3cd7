import type { SocketData } from '@nudge/shared'
import type { ClockAlarms } from '../interview/clock-alarms.ts'
import type { Actor, InterviewService } from '../interview/interview-service.ts'
import type { RoomService } from '../rooms/room-service.ts'
import type { Audience } from './audience.ts'
import type { InterServerEvents, IO } from './types.ts'

/** What the interview handler modules share. */
export interface InterviewRealtime {
  io: IO
  interview: InterviewService
  rooms: RoomService
  alarms: ClockAlarms
  to: Audience
  /** Tells the other nodes (scaled mode) that a room's clock changed or its roles swapped. */
  notifyNodes(event: keyof InterServerEvents, roomId: string): void
}

/** The actor is always the server's record of the socket, never anything in a payload. */
export const actorOf = (who: SocketData): Actor => ({ participantId: who.participantId, name: who.name, seat: who.seat })
