import { AppError, CHAT_CALL_LIMITS, type ChatMessage, type ChatPerson } from '@nudge/shared'
import { newId } from '../interview/ids.ts'
import type { Store } from '../store/types.ts'

/** Event-log type of a chat message; the debrief and replay read it from the log. */
export const CHAT_EVENT = 'chat.sent'
const COUNT_KEY = 'chat'
/** Messages read per message of history a joiner gets (room messages plus others' private ones). */
const HISTORY_WINDOW = 4

/** Who may read a message: everyone for a room message, only its two ends for a private one. */
export const canRead = (m: ChatMessage, viewerId: string): boolean => m.to === null || m.from.id === viewerId || m.to.id === viewerId

/**
 * A private message is between an interviewer and an observer (a mentor watching): the
 * candidate neither sends nor receives private messages, so nothing is whispered about them in
 * their own chat.
 */
export function mayWhisper(from: ChatPerson['role'], to: ChatPerson['role']): boolean {
  return (from === 'interviewer' && to === 'observer') || (from === 'observer' && to === 'interviewer')
}

/**
 * Room chat, stored in the room's event log (one commit with the per-room count, so the count
 * and the messages agree). Transport-free: the handlers decide who receives what.
 */
export class ChatLog {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  async send(roomId: string, from: ChatPerson, to: ChatPerson | null, text: string): Promise<ChatMessage> {
    const stored = (await this.store.getState<{ count: number }>(roomId, COUNT_KEY))?.count ?? 0
    if (stored >= CHAT_CALL_LIMITS.chatMessagesPerRoom) throw new AppError('TOO_LARGE', 'This room’s chat is full.')
    const at = this.now()
    const message: ChatMessage = { id: newId(), at, from, to, text }
    await this.store.commit({
      states: [{ roomId, key: COUNT_KEY, value: { count: stored + 1 }, updatedAt: at }],
      events: [{ roomId, type: CHAT_EVENT, actor: from.id, payload: message, createdAt: at }],
    })
    return message
  }

  /**
   * The last `CHAT_CALL_LIMITS.chatHistory` messages this participant may read, oldest first.
   * One bounded read of the newest messages (every join asks for this), not the whole log; the
   * window is wider than the history because some messages are others' private ones.
   */
  async history(roomId: string, viewerId: string): Promise<ChatMessage[]> {
    const recent = await this.store.latestEvents(roomId, [CHAT_EVENT], CHAT_CALL_LIMITS.chatHistory * HISTORY_WINDOW)
    return recent.map((e) => e.payload as ChatMessage).filter((m) => canRead(m, viewerId)).slice(-CHAT_CALL_LIMITS.chatHistory)
  }

  /** Every stored message of the room, oldest first (debrief, replay). */
  async all(roomId: string): Promise<ChatMessage[]> {
    const events = await this.store.listEvents(roomId)
    return events.filter((e) => e.type === CHAT_EVENT).map((e) => e.payload as ChatMessage)
  }
}

/** Room-wide messages (no private ones) sent between `from` and `to`: what a debrief shows. */
export async function roomChat(store: Store, roomId: string, from: number, to: number): Promise<ChatMessage[]> {
  const events = await store.listEvents(roomId)
  return events
    .filter((e) => e.type === CHAT_EVENT && e.createdAt >= from && e.createdAt <= to)
    .map((e) => e.payload as ChatMessage)
    .filter((m) => m.to === null)
}
