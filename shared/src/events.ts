import { z } from 'zod'
import { ackSchema, type Ack } from './errors.ts'
import { DisplayName, Participant, ParticipantId, RoomId, RoomInfo } from './rooms.ts'
import { Role } from './protocol.ts'
import { interviewCommands, interviewEvents, privateInterviewEvents } from './interview.ts'
import { cohortEvents } from './cohorts.ts'
import { loopEvents } from './loops.ts'
import { chatCallCommands, chatCallEvents } from './chat-call.ts'
import { RoomLoopRef } from './loops.ts'

/**
 * Socket.IO handshake `auth` payload. The invite secret travels in the CONNECT packet, never in
 * a URL, so it does not reach access logs.
 */
export const HandshakeAuth = z.object({
  roomId: RoomId,
  token: z.string().min(16).max(128),
  participantId: ParticipantId,
  name: DisplayName,
  protocol: z.number().int(),
})
export type HandshakeAuth = z.infer<typeof HandshakeAuth>

export const RoomState = z.object({
  protocol: z.number().int(),
  room: RoomInfo,
  you: Participant,
  participants: z.array(Participant),
  /** The loop this room is a stage of (docs/loops.md); null for a room of no loop. */
  loop: RoomLoopRef.nullable(),
})
export type RoomState = z.infer<typeof RoomState>

export const CollabTicket = z.object({
  ticket: z.string(),
  expiresAt: z.number().int(),
  epoch: z.string(),
})
export type CollabTicket = z.infer<typeof CollabTicket>

/**
 * Client → server commands: imperative names, a payload schema and the schema of the `data`
 * in a successful ack. Add a command here and both ends get its types.
 */
export const clientCommands = {
  'presence:rename': { payload: z.object({ name: DisplayName }), result: Participant },
  'collab:ticket': { payload: z.object({}), result: CollabTicket },
  'clock:ping': {
    payload: z.object({ clientSentAt: z.number() }),
    result: z.object({ clientSentAt: z.number(), serverNow: z.number() }),
  },
  ...interviewCommands,
  ...chatCallCommands,
} as const

/** Server → client notifications: past tense. */
export const serverEvents = {
  'room:state': RoomState,
  'presence:updated': Participant,
  ...interviewEvents,
  ...privateInterviewEvents,
  ...cohortEvents,
  ...loopEvents,
  ...chatCallEvents,
} as const

export type ClientCommandName = keyof typeof clientCommands
export type CommandPayload<K extends ClientCommandName> = z.input<(typeof clientCommands)[K]['payload']>
export type CommandResult<K extends ClientCommandName> = z.output<(typeof clientCommands)[K]['result']>

export type ClientToServerEvents = {
  [K in ClientCommandName]: (payload: CommandPayload<K>, ack: (res: Ack<CommandResult<K>>) => void) => void
}
export type ServerToClientEvents = {
  [K in keyof typeof serverEvents]: (payload: z.output<(typeof serverEvents)[K]>) => void
}

export const commandAck = <K extends ClientCommandName>(name: K) => ackSchema(clientCommands[name].result)

/** Data the server keeps on each authenticated socket (never taken from the client afterwards). */
export interface SocketData {
  roomId: string
  role: Role
  participantId: string
  name: string
  /**
   * The invite this socket authenticated with (its secret's hash; never sent to clients). A role
   * swap changes which role an invite grants, not the seat, so private data of a past round is
   * matched to the seat that held the role in that round.
   */
  seat: string
}
export { Role }
