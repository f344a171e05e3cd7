import type { CallMember, CallMode, CallSignal, ChatMessage, CommandPayload } from '@nudge/shared'
import { command, type NudgeSocket } from './socket.ts'
import { callDebug } from '../features/call/debug.ts'

export interface ChatCallSnapshot {
  messages: ChatMessage[]
  /** Messages that arrived while the chat tab was not shown. */
  unread: number
  mode: CallMode
}

/** What the (lazily loaded) call engine listens to: roster changes and signalling. */
export interface CallListener {
  joined(m: CallMember): void
  left(m: { id: string; session: string }): void
  signalled(from: CallMember, signal: CallSignal): void
  /** The interviewer changed which observers may speak. */
  speakersChanged(speakers: string[]): void
  /** The socket reconnected: the server forgot this connection's call membership. */
  reconnected(): void
}

const MAX_SHOWN = 500

/**
 * Chat and call over the room's socket, outside React. The chat and the room's call mode are
 * always here (small); the WebRTC engine is loaded only when someone joins the call and
 * registers itself as the `CallListener`.
 */
export class ChatCallClient {
  private snapshot: ChatCallSnapshot = { messages: [], unread: 0, mode: { mode: 'builtin' } }
  private readonly listeners = new Set<() => void>()
  private call: CallListener | null = null
  private reading = false

  constructor(private readonly socket: NudgeSocket) {
    socket.on('chat:sent', (m) => this.receive([m]))
    socket.on('call:mode-changed', (mode) => this.set({ mode }))
    socket.on('call:joined', (m) => this.call?.joined(m))
    socket.on('call:left', (m) => this.call?.left(m))
    socket.on('call:speakers', ({ speakers }) => this.call?.speakersChanged(speakers))
    socket.on('call:signalled', ({ from, session, signal }) => {
      // Meant for this tab's previous connection (before a reload or reconnect): not ours.
      if (session === socket.id && this.call) this.call.signalled(from, signal)
      else callDebug('drop signal', signal.kind, signal.kind === 'description' ? signal.description.type : '', 'from', `${from.role}:${from.id.slice(0, 6)}/${from.session.slice(0, 6)}`, 'for', session.slice(0, 6), 'self', socket.id?.slice(0, 6), this.call ? '' : '(no call)')
    })
    socket.on('connect', () => {
      void this.load()
      this.call?.reconnected()
    })
  }

  subscribe = (l: () => void) => {
    this.listeners.add(l)
    return () => this.listeners.delete(l)
  }
  getSnapshot = () => this.snapshot

  private set(patch: Partial<ChatCallSnapshot>) {
    this.snapshot = { ...this.snapshot, ...patch }
    for (const l of this.listeners) l()
  }

  private async load() {
    try {
      const [{ messages }, state] = await Promise.all([command(this.socket, 'chat:history', {}), command(this.socket, 'call:state', {})])
      this.set({ mode: state.mode })
      this.receive(messages, true)
    } catch {
      // The next reconnect loads again; the chat shows what it has.
    }
  }

  private receive(incoming: ChatMessage[], history = false) {
    const known = new Set(this.snapshot.messages.map((m) => m.id))
    const fresh = incoming.filter((m) => !known.has(m.id))
    if (!fresh.length) return
    const messages = [...this.snapshot.messages, ...fresh].sort((a, b) => a.at - b.at).slice(-MAX_SHOWN)
    this.set({ messages, unread: this.reading || history ? this.snapshot.unread : this.snapshot.unread + fresh.length })
  }

  /** The chat tab is shown (or hidden): shown messages are read. */
  setReading(reading: boolean) {
    this.reading = reading
    if (reading && this.snapshot.unread) this.set({ unread: 0 })
  }

  send(text: string, to?: string) {
    return command(this.socket, 'chat:send', to ? { text, to } : { text })
  }
  setMode(mode: CommandPayload<'call:mode'>) {
    return command(this.socket, 'call:mode', mode)
  }

  // The call engine's side.
  attachCall(listener: CallListener | null) {
    this.call = listener
  }
  /** This tab's connection id, which the others address call signals to. */
  get session(): string | undefined {
    return this.socket.id
  }
  joinCall() {
    return command(this.socket, 'call:join', {})
  }
  leaveCall() {
    return command(this.socket, 'call:leave', {})
  }
  callConfig() {
    return command(this.socket, 'call:config', {})
  }
  setSpeaker(participantId: string, allowed: boolean) {
    return command(this.socket, 'call:speaker', { participantId, allowed })
  }
  signal(to: CallMember, signal: CallSignal) {
    return command(this.socket, 'call:signal', { to: to.id, session: to.session, signal })
  }

  destroy() {
    this.call = null
    this.listeners.clear()
    for (const ev of ['chat:sent', 'call:mode-changed', 'call:joined', 'call:left', 'call:signalled', 'call:speakers'] as const) this.socket.off(ev)
  }
}
