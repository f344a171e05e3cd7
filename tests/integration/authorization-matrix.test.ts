import { describe, expect, it } from 'vitest'
import { io } from 'socket.io-client'
import { PROTOCOL_VERSION, clientCommands, type ClientCommandName, type QuestionSummary, type Role } from '@nudge/shared'
import { interviewRoom, type Participant } from '../utils/interview.ts'
import { newParticipantId } from '../utils/clients.ts'
import { startServer, type TestServer } from '../utils/server.ts'

const ROLES = ['interviewer', 'candidate', 'observer'] as const satisfies readonly Role[]
type Who = (typeof ROLES)[number]
const all: Who[] = [...ROLES]

/** Ids the payloads refer to, from the room under test. */
interface Ctx {
  coding: string
  /** A bundled question exported as Markdown: a valid import. */
  exported: string
  behavioral: string
  participant: (role: Who) => string
  session: (role: Who) => string
}

/**
 * The authorization matrix: for every client command, the roles that may send it and a payload
 * that passes validation (so a refusal is the role check, not the schema). A command missing
 * from this table fails the test, so none ships without its row. "Refused" means the ack is
 * FORBIDDEN; "allowed" means it is anything else (it may still be NOT_FOUND or CONFLICT in this
 * room's state). Rows run refused roles first, and round changes last, so the roles hold.
 */
const MATRIX: Record<ClientCommandName, { allowed: Who[]; payload: (c: Ctx) => unknown }> = {
  'presence:rename': { allowed: all, payload: () => ({ name: 'Renamed' }) },
  'collab:ticket': { allowed: all, payload: () => ({}) },
  'clock:ping': { allowed: all, payload: () => ({ clientSentAt: 1 }) },
  'interview:sync': { allowed: all, payload: () => ({}) },
  'question:get': { allowed: ['interviewer'], payload: (c) => ({ questionId: c.coding }) },
  'question:pick': { allowed: ['interviewer'], payload: (c) => ({ questionId: c.coding }) },
  'question:create': { allowed: ['interviewer'], payload: () => ({ question: { title: 'x', kind: 'coding', statement: 'y' } }) },
  'question:import': { allowed: ['interviewer'], payload: (c) => ({ format: 'markdown', text: c.exported }) },
  'question:export': { allowed: ['interviewer'], payload: (c) => ({ questionId: c.coding, format: 'markdown' }) },
  'clock:configure': { allowed: ['interviewer'], payload: () => ({ phases: [{ id: 'x', kind: 'custom', label: 'X', plannedMs: 60_000 }] }) },
  'clock:start': { allowed: ['interviewer'], payload: () => ({}) },
  'clock:pause': { allowed: ['interviewer'], payload: () => ({}) },
  'clock:resume': { allowed: ['interviewer'], payload: () => ({}) },
  'clock:extend': { allowed: ['interviewer'], payload: () => ({ seconds: 60 }) },
  'clock:next': { allowed: ['interviewer'], payload: () => ({}) },
  'clock:end': { allowed: ['interviewer'], payload: () => ({}) },
  'hint:send': { allowed: ['interviewer'], payload: () => ({ text: 'try a map' }) },
  'stuck:raise': { allowed: ['candidate'], payload: () => ({}) },
  'clarify:ask': { allowed: ['candidate'], payload: () => ({ text: 'sorted?' }) },
  'clarify:answer': { allowed: ['interviewer'], payload: () => ({ id: 'clarify-nope', text: 'yes' }) },
  'clarify:pin': { allowed: ['candidate', 'interviewer'], payload: () => ({ id: 'clarify-nope', pinned: true }) },
  'note:add': { allowed: ['interviewer'], payload: () => ({ text: 'private' }) },
  'scorecard:save': { allowed: ['interviewer'], payload: () => ({ entries: {}, summary: 'ok' }) },
  'scorecard:share': { allowed: ['interviewer'], payload: () => ({}) },
  'selfassessment:save': { allowed: ['candidate'], payload: () => ({ entries: {} }) },
  // Each seat gets its own view; an observer's has nothing private (interview-privacy.test.ts).
  'debrief:get': { allowed: all, payload: () => ({ round: 1 }) },
  'settings:update': { allowed: ['interviewer'], payload: () => ({ pauseOnDrop: true }) },
  'answer:start': { allowed: ['interviewer'], payload: (c) => ({ questionId: c.behavioral }) },
  'answer:advance': { allowed: ['interviewer'], payload: () => ({ answerId: 'answer-nope', to: 'end' }) },
  'answer:review': { allowed: ['interviewer'], payload: () => ({ answerId: 'answer-nope', star: { task: true } }) },
  'answer:self': { allowed: ['candidate'], payload: () => ({ answerId: 'answer-nope', score: 3 }) },
  'bank:bring': { allowed: ['candidate'], payload: () => ({ stories: [], company: null }) },
  'story:share': {
    allowed: ['candidate'],
    payload: () => ({ story: { id: 'story-1', title: 'T', tags: [], values: [] }, text: { situation: 's', task: 't', action: 'a', result: 'r', learning: 'l' } }),
  },
  'run:start': { allowed: ['interviewer', 'candidate'], payload: () => ({ language: 'python', kind: 'code', code: 'print(1)' }) },
  // Output and results only from the run's own starter: checked by ownership below, not by role.
  'run:output': { allowed: all, payload: () => ({ runId: 'run-nope', chunk: 'x' }) },
  'run:finish': {
    allowed: all,
    payload: () => ({ runId: 'run-nope', status: 'passed', output: '', outputTruncated: false, cases: [], error: null, durationMs: 1 }),
  },
  'run:hidden': { allowed: ['interviewer'], payload: () => ({ runId: 'run-nope', cases: [] }) },
  'run:list': { allowed: all, payload: () => ({}) },
  'chat:send': { allowed: all, payload: () => ({ text: 'hello' }) },
  'chat:history': { allowed: all, payload: () => ({}) },
  'call:state': { allowed: all, payload: () => ({}) },
  'call:config': { allowed: all, payload: () => ({}) },
  'call:mode': { allowed: ['interviewer'], payload: () => ({ mode: 'builtin' }) },
  'call:join': { allowed: all, payload: () => ({}) },
  'call:speaker': { allowed: ['interviewer'], payload: (c) => ({ participantId: c.participant('observer'), allowed: true }) },
  'call:leave': { allowed: all, payload: () => ({}) },
  'call:signal': { allowed: all, payload: (c) => ({ to: c.participant('interviewer'), session: c.session('interviewer'), signal: { kind: 'candidate', candidate: null } }) },
  'round:next': { allowed: ['interviewer'], payload: () => ({}) },
  'round:swap': { allowed: ['interviewer'], payload: () => ({}) },
}

/** Round changes last (round:swap swaps who is the interviewer), everything else in table order. */
const ORDER = (Object.keys(MATRIX) as ClientCommandName[]).sort((a, b) => Number(a.startsWith('round:')) - Number(b.startsWith('round:')))

async function questionIds(s: TestServer) {
  const list = async (kind: string) => ((await (await fetch(`${s.url}/api/questions?kind=${kind}`)).json()) as QuestionSummary[])[0]!.id
  return { coding: await list('coding'), behavioral: await list('behavioral') }
}

describe('authorization matrix (every command × every role)', () => {
  it('has a row for every command in the protocol', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(clientCommands).sort())
  })

  it('refuses exactly the roles the table refuses, with FORBIDDEN', async () => {
    const s = await startServer()
    const { ivy, ada, olu } = await interviewRoom(s)
    const by: Record<Who, Participant> = { interviewer: ivy, candidate: ada, observer: olu }
    const ids = await questionIds(s)
    const participantOf = (role: Who) => {
      const p = [...s.app.io.sockets.sockets.values()].find((sock) => sock.data.role === role)
      return { id: p!.data.participantId, session: p!.id }
    }
    const { text: exported } = await ivy.ok('question:export', { questionId: ids.coding, format: 'markdown' })
    const ctx: Ctx = { ...ids, exported, participant: (r) => participantOf(r).id, session: (r) => participantOf(r).session }
    const wrong: string[] = []
    for (const name of ORDER) {
      const row = MATRIX[name]
      const roles = [...ROLES].sort((a, b) => Number(row.allowed.includes(a)) - Number(row.allowed.includes(b)))
      for (const role of roles) {
        const ack = await by[role].cmd(name, row.payload(ctx) as never)
        const refused = !ack.ok && ack.error.code === 'FORBIDDEN'
        if (!ack.ok && ['BAD_REQUEST', 'INTERNAL', 'RATE_LIMITED'].includes(ack.error.code)) wrong.push(`${name} as ${role}: ${ack.error.code} ${ack.error.message}`)
        else if (refused === row.allowed.includes(role)) wrong.push(`${name} as ${role}: ${refused ? 'refused' : 'allowed'}, table says ${refused ? 'allowed' : 'refused'}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('takes a run’s output and result only from the seat that started it', async () => {
    const s = await startServer()
    const { ivy, ada, olu } = await interviewRoom(s)
    const run = await ada.ok('run:start', { language: 'python', kind: 'code', code: 'print(1)' })
    const finish = { runId: run.id, status: 'passed' as const, output: '', outputTruncated: false, cases: [], error: null, durationMs: 1 }
    for (const p of [ivy, olu]) {
      expect((await p.cmd('run:output', { runId: run.id, chunk: 'forged' })).ok, `${p.role} run:output`).toBe(false)
      expect((await p.cmd('run:finish', finish)).ok, `${p.role} run:finish`).toBe(false)
    }
    expect((await ada.cmd('run:finish', finish)).ok).toBe(true)
  })

  it('runs no command for a missing, wrong or other room’s secret: the handshake is refused', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const other = await s.createRoom()
    const attempts = { missing: undefined, wrong: 'not-a-real-secret-0123456789', 'other room': other.tokens.interviewer }
    for (const [what, token] of Object.entries(attempts)) {
      const socket = io(s.url, {
        transports: ['websocket'], reconnection: false, forceNew: true,
        auth: { roomId: room.id, ...(token ? { token } : {}), participantId: newParticipantId(), name: 'Mallory', protocol: PROTOCOL_VERSION },
      })
      const err = await new Promise<Error & { data?: { code?: string } }>((resolve, reject) => {
        socket.on('connect_error', resolve)
        socket.on('connect', () => reject(new Error(`${what} secret connected`)))
      })
      socket.disconnect()
      expect(['UNAUTHORIZED', 'FORBIDDEN', 'BAD_REQUEST'], `${what}: ${err.message}`).toContain(err.data?.code ?? err.message)
    }
  })
})
