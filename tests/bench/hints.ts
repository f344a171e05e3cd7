import { randomBytes } from 'node:crypto'
import { io, type Socket } from 'socket.io-client'
import { PROTOCOL_VERSION, clientCommands } from '@nudge/shared'

/**
 * The interviewer → candidate Socket.IO round of a room. The interview hint command
 * (`hint:send` → `hint:sent`) is used when the server answers it; otherwise the same broadcast
 * path is measured with `presence:rename` → `presence:updated` (a command that writes to storage
 * and is broadcast to the room, as a hint is). The choice is made once per worker by a probe.
 */
export type HintVia = 'hint:send' | 'presence:rename'
let via: Promise<HintVia> | null = null
export const hintVia = (): Promise<HintVia> | null => via

type AnySocket = Socket

export interface HintEvents {
  error(what: string): void
  /** The candidate received hint number `seq`. */
  received(seq: number): void
}

export class HintChannel {
  private candidate: AnySocket | null = null
  private interviewer: AnySocket | null = null

  constructor(
    private readonly url: string,
    private readonly roomId: string,
    private readonly tokens: { candidate: string; interviewer: string },
    private readonly events: HintEvents,
  ) {}

  private via: HintVia = 'presence:rename'

  async connect(timeoutMs: number): Promise<void> {
    this.candidate = this.open(this.tokens.candidate, 'Ada')
    this.interviewer = this.open(this.tokens.interviewer, 'Ivy')
    await Promise.all([this.candidate, this.interviewer].map((s) => roomState(s, timeoutMs)))
    via ??= this.probe()
    this.via = await via
    const onHint = (payload: unknown) => {
      const seq = parseSeq(payload)
      if (seq !== null) this.events.received(seq)
    }
    this.candidate.on(this.via === 'hint:send' ? 'hint:sent' : 'presence:updated', onHint)
  }

  /** Does this server answer `hint:send` (defined in the shared protocol, handled by the server)? */
  private async probe(): Promise<HintVia> {
    if (!('hint:send' in clientCommands)) return 'presence:rename'
    try {
      const ack = (await this.interviewer!.timeout(3000).emitWithAck('hint:send', { text: 'Hint #0: probe' })) as { ok: boolean }
      return ack.ok ? 'hint:send' : 'presence:rename'
    } catch {
      return 'presence:rename'
    }
  }

  send(seq: number): void {
    const s = this.interviewer
    if (!s?.connected) return
    const payload = this.via === 'hint:send' ? { text: `Hint #${seq}: consider the edge cases.` } : { name: `Ivy ${seq}` }
    s.timeout(10_000).emit(this.via, payload, (err: Error | null, ack: { ok: boolean; error?: { code: string } }) => {
      if (err) this.events.error(`${this.via}: no ack`)
      else if (!ack.ok) this.events.error(`${this.via}: ${ack.error?.code}`)
    })
  }

  close(): void {
    this.candidate?.disconnect()
    this.interviewer?.disconnect()
  }

  private open(token: string, name: string): AnySocket {
    const s = io(this.url, {
      transports: ['websocket'],
      auth: { roomId: this.roomId, token, participantId: randomBytes(12).toString('base64url'), name, protocol: PROTOCOL_VERSION },
      reconnection: false,
      forceNew: true,
    })
    s.on('connect_error', (err) => this.events.error(`socket.io connect_error: ${err.message}`))
    s.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') this.events.error(`socket.io disconnect: ${reason}`)
    })
    return s
  }
}

function roomState(s: AnySocket, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('socket.io room:state timeout')), timeoutMs)
    s.once('room:state', () => {
      clearTimeout(t)
      resolve()
    })
  })
}

/** The hint's sequence number, from its text (hint:sent) or the interviewer's name (presence). */
function parseSeq(payload: unknown): number | null {
  if (typeof payload !== 'object' || payload === null) return null
  const p = payload as Record<string, unknown>
  const text = typeof p.text === 'string' ? p.text : typeof p.name === 'string' ? p.name : ''
  const m = /(?:Hint #|^Ivy )(\d+)/.exec(text)
  return m ? Number(m[1]) : null
}
