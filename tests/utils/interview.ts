import type { ClientToServerEvents, Role, ServerToClientEvents } from '@nudge/shared'
import { command, roomSocket, type ClientSocket } from './clients.ts'
import type { TestServer } from './server.ts'
import { waitFor } from './wait.ts'

/** A room as tests know it: its id and one invite secret per role. */
type Room = { id: string; tokens: Record<Role, string> }
type EventName = keyof ServerToClientEvents
type EventArg<K extends EventName> = Parameters<ServerToClientEvents[K]>[0]

/**
 * A participant of an interview room over Socket.IO that records everything it receives: every
 * event (`onAny`) and every raw engine.io frame, from before the connection opens. The frames
 * are what the privacy test searches for canaries.
 */
export interface Participant {
  socket: ClientSocket
  role: Role
  events: { event: string; arg: unknown }[]
  /** Raw frames as received (text, or binary decoded as latin1). */
  frames: string[]
  /** The first received `event` whose payload matches `pred` (already received or still to come). */
  waitEvent<K extends EventName>(event: K, pred?: (arg: EventArg<K>) => boolean, what?: string): Promise<EventArg<K>>
  /** How many `event`s have arrived so far. */
  count(event: EventName): number
  /** Sends a command and resolves with its ack. */
  cmd<K extends keyof ClientToServerEvents>(name: K, payload: Parameters<ClientToServerEvents[K]>[0]): ReturnType<typeof command<K>>
  /** Sends a command and returns the ack's data, failing the test on an error ack. */
  ok<K extends keyof ClientToServerEvents>(name: K, payload: Parameters<ClientToServerEvents[K]>[0]): Promise<Extract<Awaited<ReturnType<typeof command<K>>>, { ok: true }>['data']>
}

export function join(s: { url: string }, room: Room, role: Role, name: string, participantId?: string): Participant {
  const socket = roomSocket(s.url, room.id, room.tokens[role], name, participantId)
  const events: Participant['events'] = []
  const frames: string[] = []
  socket.onAny((event: string, arg: unknown) => events.push({ event, arg }))
  const recorded = new WeakSet<object>()
  const record = () => {
    const engine = socket.io.engine
    if (recorded.has(engine)) return
    recorded.add(engine)
    engine.on('data', (d: unknown) => frames.push(typeof d === 'string' ? d : Buffer.from(d as ArrayBuffer).toString('latin1')))
  }
  record()
  // A reconnect opens a new engine; record its frames too.
  socket.io.on('open', record)
  const p: Participant = {
    socket,
    role,
    events,
    frames,
    waitEvent: (event, pred = () => true, what = event) =>
      waitFor(() => events.find((e) => e.event === event && pred(e.arg as never))?.arg as never, `${name} receives ${what}`),
    count: (event) => events.filter((e) => e.event === event).length,
    cmd: (name, payload) => command(socket, name, payload),
    ok: async (name, payload) => {
      const ack = await command(socket, name, payload)
      if (!ack.ok) throw new Error(`${String(name)} failed: ${ack.error.code} ${ack.error.message}`)
      return ack.data as never
    },
  }
  return p
}

/**
 * The three participants of a fresh room, each with its room state (their participant id) and
 * interview state received: the two arrive in either order.
 */
export async function interviewRoom(s: TestServer, body: object = {}) {
  const room = await s.createRoom(body)
  const ivy = join(s, room, 'interviewer', 'Ivy')
  const ada = join(s, room, 'candidate', 'Ada')
  const olu = join(s, room, 'observer', 'Olu')
  await Promise.all([ivy, ada, olu].flatMap((p) => [p.waitEvent('room:state'), p.waitEvent('interview:state')]))
  await ivy.waitEvent('staff:state')
  return { room, ivy, ada, olu }
}

/** GET with the invite secret as a bearer token. */
export async function getWithToken(url: string, token: string) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() }
}
