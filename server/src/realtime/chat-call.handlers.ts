import { AppError, CHAT_CALL_LIMITS, CallMode, type CallMember, type ChatPerson, type SocketData } from '@nudge/shared'
import { ChatLog, mayWhisper } from '../call/chat.ts'
import { localSeatLimiter, type SeatLimiter } from '../limits/seat-limiter.ts'
import { iceConfigFor } from '../call/turn.ts'
import type { TurnConfig } from '../config.ts'
import type { Store } from '../store/types.ts'
import { requireRole, type CommandHandlers } from './command.ts'
import type { AppSocket, IO } from './types.ts'

/**
 * Socket rooms of chat and call. Every name starts with the sender's own room id (from the
 * server's record of the socket), so nothing a client sends can address another room.
 * - participant: every socket of one participant (private chat messages);
 * - call: the sockets that joined the call (the roster, found with fetchSockets on every node);
 * - callee: one participant's sockets in the call (signalling is delivered there only).
 */
export const participantRoom = (roomId: string, participantId: string) => `${roomId}:p:${participantId}`
export const callRoom = (roomId: string) => `${roomId}:call`
export const calleeRoom = (roomId: string, participantId: string) => `${roomId}:call:${participantId}`

const MODE_KEY = 'call.mode'
const SPEAKERS_KEY = 'call.speakers'
const person = (who: SocketData): ChatPerson => ({ id: who.participantId, name: who.name, role: who.role })
const member = (socket: AppSocket): CallMember => ({ ...person(socket.data), session: socket.id })
/** An observer receives only: a description that would send media from an observer is refused. */
const SENDS_MEDIA = /^a=(sendrecv|sendonly)\s*$/m

export interface ChatCallDeps {
  io: IO
  store: Store
  turn: TurnConfig
  now?: () => number
  /** Chat and signalling budgets per seat; shared through Redis in scaled mode (limits/seat-limiter.ts). */
  limits?: { chat: SeatLimiter; signal: SeatLimiter }
}

export function chatCallRealtime({ io, store, turn, now = Date.now, limits }: ChatCallDeps) {
  const chat = new ChatLog(store, now)
  const chatLimit = limits?.chat ?? localSeatLimiter(CHAT_CALL_LIMITS.chatPerSecond, CHAT_CALL_LIMITS.chatBurst, now)
  const signalLimit = limits?.signal ?? localSeatLimiter(CHAT_CALL_LIMITS.signalPerSecond, CHAT_CALL_LIMITS.signalBurst, now)

  const mode = async (roomId: string): Promise<CallMode> => {
    const stored = CallMode.safeParse(await store.getState(roomId, MODE_KEY))
    return stored.success ? stored.data : { mode: 'builtin' }
  }
  const speakers = async (roomId: string): Promise<string[]> => {
    const stored = (await store.getState<{ ids?: unknown }>(roomId, SPEAKERS_KEY))?.ids
    return Array.isArray(stored) ? stored.filter((x): x is string => typeof x === 'string') : []
  }
  const members = async (roomId: string): Promise<CallMember[]> => {
    const sockets = await io.in(callRoom(roomId)).fetchSockets()
    return sockets.map((s) => ({ id: s.data.participantId, name: s.data.name, role: s.data.role, session: s.id }))
  }

  const handlers: CommandHandlers = {
    'chat:send': async ({ who }, { text, to }) => {
      if (!(await chatLimit.take(who.roomId, who.seat))) throw new AppError('RATE_LIMITED', 'You are sending messages too fast. Wait a moment.')
      let recipient: ChatPerson | null = null
      if (to !== undefined) {
        // The recipient's role now, from the server's record of its sockets (on any node).
        const sockets = await io.in(participantRoom(who.roomId, to)).fetchSockets()
        const s = sockets[0]
        if (!s) throw new AppError('NOT_FOUND', 'That participant is not in the room now.')
        recipient = person(s.data)
        if (!mayWhisper(who.role, recipient.role)) throw new AppError('FORBIDDEN', 'Private messages are only between an interviewer and an observer.')
      }
      const message = await chat.send(who.roomId, person(who), recipient, text)
      if (recipient) io.to([participantRoom(who.roomId, who.participantId), participantRoom(who.roomId, recipient.id)]).emit('chat:sent', message)
      else io.to(who.roomId).emit('chat:sent', message)
      return message
    },
    'chat:history': async ({ who }) => ({ messages: await chat.history(who.roomId, who.participantId) }),

    'call:state': async ({ who }) => ({ mode: await mode(who.roomId), members: await members(who.roomId), speakers: await speakers(who.roomId) }),
    // Credentials only for an authenticated socket of this room (the handshake checked the
    // invite); they are returned in the ack and never logged.
    'call:config': ({ who }) => iceConfigFor(turn, who.participantId, now()),
    'call:mode': async ({ who }, next) => {
      requireRole(who, 'interviewer')
      const at = now()
      await store.commit({
        states: [{ roomId: who.roomId, key: MODE_KEY, value: next, updatedAt: at }],
        events: [{ roomId: who.roomId, type: 'call.mode', actor: who.participantId, payload: next, createdAt: at }],
      })
      io.to(who.roomId).emit('call:mode-changed', next)
      return next
    },
    'call:join': async ({ socket, who }) => {
      await socket.join([callRoom(who.roomId), calleeRoom(who.roomId, who.participantId)])
      socket.to(who.roomId).emit('call:joined', member(socket))
      const all = await members(who.roomId)
      return { mode: await mode(who.roomId), members: all.filter((m) => m.session !== socket.id), speakers: await speakers(who.roomId) }
    },
    'call:speaker': async ({ who }, { participantId, allowed }) => {
      requireRole(who, 'interviewer')
      const current = await speakers(who.roomId)
      let next = current.filter((id) => id !== participantId)
      if (allowed) {
        // Only an observer of this room now, from the server's record of its sockets (any node).
        const target = (await io.in(participantRoom(who.roomId, participantId)).fetchSockets())[0]
        if (!target) throw new AppError('NOT_FOUND', 'That participant is not in the room now.')
        if (target.data.role !== 'observer') throw new AppError('BAD_REQUEST', 'Only observers need permission to speak.')
        if (next.length >= CHAT_CALL_LIMITS.speakers) throw new AppError('TOO_LARGE', `At most ${CHAT_CALL_LIMITS.speakers} observers can speak at once.`)
        next = [...next, participantId]
      }
      const at = now()
      await store.commit({
        states: [{ roomId: who.roomId, key: SPEAKERS_KEY, value: { ids: next }, updatedAt: at }],
        events: [{ roomId: who.roomId, type: 'call.speaker', actor: who.participantId, payload: { participantId, allowed }, createdAt: at }],
      })
      io.to(who.roomId).emit('call:speakers', { speakers: next })
      return { speakers: next }
    },
    'call:leave': async ({ socket }) => {
      await leaveCall(socket)
      return {}
    },
    'call:signal': async ({ socket, who }, { to, session, signal }) => {
      if (!socket.rooms.has(callRoom(who.roomId))) throw new AppError('CONFLICT', 'Join the call first.')
      if (!(await signalLimit.take(who.roomId, who.seat))) throw new AppError('RATE_LIMITED', 'Too many call messages. Slow down.')
      if (who.role === 'observer' && signal.kind === 'description' && SENDS_MEDIA.test(signal.description.sdp) && !(await speakers(who.roomId)).includes(who.participantId)) {
        throw new AppError('FORBIDDEN', 'Observers receive the call; they are heard only when the interviewer lets them speak.')
      }
      io.to(calleeRoom(who.roomId, to)).emit('call:signalled', { from: member(socket), session, signal })
      return {}
    },
  }

  async function leaveCall(socket: AppSocket) {
    const { roomId, participantId } = socket.data
    if (!socket.rooms.has(callRoom(roomId))) return
    await socket.leave(callRoom(roomId))
    await socket.leave(calleeRoom(roomId, participantId))
    socket.to(roomId).emit('call:left', { id: participantId, session: socket.id })
  }

  return {
    handlers,
    chat,
    async arrive(socket: AppSocket) {
      await socket.join(participantRoom(socket.data.roomId, socket.data.participantId))
    },
    /** Socket.IO has already removed the socket from its rooms; tell the others it left the call. */
    depart(socket: AppSocket, wasInCall: boolean) {
      if (wasInCall) io.to(socket.data.roomId).emit('call:left', { id: socket.data.participantId, session: socket.id })
    },
  }
}
