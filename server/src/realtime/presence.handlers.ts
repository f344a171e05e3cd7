import { PROTOCOL_VERSION, type Participant, type RoomLoopRef } from '@nudge/shared'
import type { ParticipantRecord } from '../store/types.ts'
import type { RoomService } from '../rooms/room-service.ts'
import type { CommandHandlers } from './command.ts'
import type { AppSocket, IO } from './types.ts'

const toWire = (p: ParticipantRecord, online: Set<string>): Participant => ({
  id: p.id, name: p.name, role: p.role, color: p.color, online: online.has(p.id), lastSeenAt: p.lastSeenAt,
})

/** Participant ids with at least one socket in the room, on any node (via the adapter). */
async function onlineIds(io: IO, roomId: string): Promise<Set<string>> {
  const sockets = await io.in(roomId).fetchSockets()
  return new Set(sockets.map((s) => s.data.participantId))
}

/** `loopOf`: the loop a room is a stage of (null: none), sent on join so only loop rooms fetch their banner. */
export function presence(io: IO, rooms: RoomService, loopOf: (roomId: string) => Promise<RoomLoopRef | null>) {
  return {
    /** On connect: record the arrival, send the room's state, tell the others. */
    async arrive(socket: AppSocket) {
      const { roomId, participantId, name, role } = socket.data
      await socket.join(roomId)
      const me = await rooms.arrive(roomId, participantId, name, role)
      const [room, online, all, loop] = await Promise.all([rooms.get(roomId), onlineIds(io, roomId), rooms.participants(roomId), loopOf(roomId)])
      if (!room) throw new Error(`room ${roomId} vanished while joining`)
      socket.emit('room:state', {
        protocol: PROTOCOL_VERSION,
        room: { id: room.id, title: room.title, createdAt: room.createdAt, epoch: room.epoch },
        you: toWire(me, online),
        participants: all.map((p) => toWire(p, online)),
        loop,
      })
      socket.to(roomId).emit('presence:updated', toWire(me, online))
    },

    /** On disconnect: offline only when the participant has no other socket in the room. */
    async depart(socket: AppSocket) {
      const { roomId, participantId } = socket.data
      const online = await onlineIds(io, roomId)
      if (online.has(participantId)) return
      const p = await rooms.touch(roomId, participantId)
      if (p) io.to(roomId).emit('presence:updated', toWire(p, online))
    },

    handlers: {
      'presence:rename': async ({ who, socket }, { name }) => {
        socket.data.name = name
        const p = await rooms.rename(who.roomId, who.participantId, name)
        const online = await onlineIds(io, who.roomId)
        const wire = toWire(p, online)
        io.to(who.roomId).emit('presence:updated', wire)
        return wire
      },
    } satisfies CommandHandlers,
  }
}
