import type { PrivateEventName, ServerToClientEvents } from '@nudge/shared'
import type { IO } from './types.ts'

/**
 * Each socket joins its room and a private room for its invite seat (`<roomId>:seat:<seat>`).
 * Private events go only to one seat's room: the round's interviewer for notes, stuck signals,
 * the full question and scorecards. A role swap changes which seat is the interviewer's, not
 * which room a socket is in, so nothing has to be re-joined for privacy to hold.
 */
export const seatRoom = (roomId: string, seat: string): string => `${roomId}:seat:${seat}`

export type PublicEventName = Exclude<keyof ServerToClientEvents, PrivateEventName>
type Args<K extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[K]>

/** The only ways the interview features emit: typed so a private event cannot go to everyone. */
export interface Audience {
  everyone<K extends PublicEventName>(roomId: string, event: K, ...args: Args<K>): void
  /** Everyone in the room connected to this node (each node warns its own sockets). */
  everyoneHere<K extends PublicEventName>(roomId: string, event: K, ...args: Args<K>): void
  seat<K extends PrivateEventName>(roomId: string, seat: string, event: K, ...args: Args<K>): void
}

export function audience(io: IO): Audience {
  return {
    everyone: (roomId, event, ...args) => {
      io.to(roomId).emit(event, ...args)
    },
    everyoneHere: (roomId, event, ...args) => {
      io.local.to(roomId).emit(event, ...args)
    },
    seat: (roomId, seat, event, ...args) => {
      io.to(seatRoom(roomId, seat)).emit(event, ...args)
    },
  }
}
