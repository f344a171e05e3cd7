import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  AbsentBody, AddStudentsBody, AppError, BroadcastBody, ClockAllBody, ClockAllResult, COHORT_LIMITS, CohortId, CreateCohortBody, CreateCohortResponse, CreateSessionBody,
  Dashboard, ErrorBody, ImportRejected, Session, SessionId, Student, StudentWhere, SwapBody, type CohortBroadcast,
} from '@nudge/shared'
import { ImportError } from '../cohorts/cohort-service.ts'
import { dashboard, exportRows, perStudent, type DashboardDeps } from '../cohorts/dashboard.ts'
import { rosterFromCsv, validateRoster } from '../cohorts/roster.ts'
import { toCsv } from '../cohorts/csv.ts'
import { matchesHash } from '../cohorts/secrets.ts'
import { hashToken } from '../rooms/invites.ts'

export interface CohortRoutesOptions {
  /** Unset: cohorts are off (creating one answers 404 saying how to turn them on). */
  adminToken?: string
}

type Authed = { params: { id: string }; headers: FastifyRequest['headers'] }
const bearer = (req: { headers: FastifyRequest['headers'] }): string | undefined => {
  const h = req.headers.authorization
  return h?.startsWith('Bearer ') ? h.slice(7).trim() || undefined : undefined
}

const CohortParams = z.object({ id: CohortId })
const SessionParams = z.object({ id: CohortId, sid: SessionId })
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 429: ErrorBody }
const FIVE_MINUTES = '5 minutes left in this round.'

/**
 * Cohorts over HTTP. The admin token creates cohorts; everything else is authorized by the
 * cohort's organizer secret, except `/me`, which takes a student's personal-link secret.
 * Secrets arrive as bearer tokens (never in URLs, so never in logs).
 */
const cohortRoutes: FastifyPluginAsyncZod<CohortRoutesOptions> = async (app, opts) => {
  const adminHash = opts.adminToken ? hashToken(opts.adminToken) : null
  const organizer = (req: Authed) => app.cohorts.organizer(req.params.id, bearer(req))

  // A roster as CSV: bytes must be UTF-8 (a spreadsheet's Latin-1 export gets a clear error, not mojibake).
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: COHORT_LIMITS.importBytes }, (_req, body, done) => {
    try {
      done(null, { csv: new TextDecoder('utf-8', { fatal: true }).decode(body as Buffer) })
    } catch {
      done(new ImportError('The file is not UTF-8 text. Save it as "CSV UTF-8" and try again; nothing was changed.', []), undefined)
    }
  })

  const deps: DashboardDeps = {
    cohorts: app.cohorts,
    roundOf: (roomId) => app.interview.currentRound(roomId),
    onlineSeats: async (roomIds) => {
      if (roomIds.length === 0) return new Set()
      const sockets = await app.io.in(roomIds).fetchSockets()
      return new Set(sockets.map((s) => s.data.seat))
    },
    students: (cohortId) => app.store.listStudents(cohortId),
  }

  app.get('/api/cohorts/status', { schema: { tags: ['cohorts'], response: { 200: z.object({ enabled: z.boolean() }) } } }, async () => ({
    enabled: adminHash !== null,
  }))

  app.post('/api/cohorts', {
    schema: { summary: 'Create a cohort (admin token)', tags: ['cohorts'], body: CreateCohortBody, response: { 201: CreateCohortResponse, ...errors } },
  }, async (req, reply) => {
    if (!adminHash) throw new AppError('NOT_FOUND', 'Cohorts are off on this server. Set ADMIN_TOKEN (16+ characters) and restart to turn them on.')
    const token = bearer(req)
    if (!token) throw new AppError('UNAUTHORIZED', 'Creating a cohort needs the admin token.')
    if (!matchesHash(token, adminHash)) throw new AppError('FORBIDDEN', 'That admin token is not valid.')
    const { cohort, organizerUrl } = await app.cohorts.create(req.body.name)
    req.log.info({ cohortId: cohort.id }, 'cohort created')
    return reply.code(201).send({ id: cohort.id, organizer: organizerUrl })
  })

  app.get('/api/cohorts/:id', {
    schema: {
      tags: ['cohorts'], params: CohortParams,
      response: { 200: z.object({ id: CohortId, name: z.string(), ended: z.boolean(), students: z.array(Student), session: Session.nullable() }), ...errors },
    },
  }, async (req) => {
    const cohort = await organizer(req)
    const [students, session] = await Promise.all([app.cohorts.roster(cohort), app.cohorts.session(cohort)])
    return { id: cohort.id, name: cohort.name, ended: cohort.endedAt !== null, students, session: session ?? null }
  })

  app.post('/api/cohorts/:id/students', {
    bodyLimit: COHORT_LIMITS.importBytes,
    schema: {
      summary: 'Import students (text/csv or JSON); all rows or none',
      tags: ['cohorts'], params: CohortParams, body: z.union([z.object({ csv: z.string() }), AddStudentsBody]),
      response: { 201: z.object({ added: z.number().int(), students: z.array(Student) }), ...errors, 400: ImportRejected },
    },
  }, async (req, reply) => {
    const cohort = await organizer(req)
    const existing = (await app.store.listStudents(cohort.id)).map((s) => s.name)
    const result = 'csv' in req.body ? rosterFromCsv(req.body.csv, existing) : validateRoster(req.body.students, existing)
    if (!result.ok) throw new ImportError(result.message, result.rows)
    const added = await app.cohorts.addStudents(cohort, result.students)
    return reply.code(201).send({ added: added.length, students: await app.cohorts.roster(cohort) })
  })

  app.post('/api/cohorts/:id/sessions', {
    schema: { summary: 'Schedule a rotation session; creates its rooms and starts round 1', tags: ['cohorts'], params: CohortParams, body: CreateSessionBody, response: { 201: Session, ...errors } },
  }, async (req, reply) => {
    const cohort = await organizer(req)
    const session = await app.cohorts.startSession(cohort, req.body)
    req.log.info({ cohortId: cohort.id, sessionId: session.id, rooms: session.rounds.flat().length }, 'cohort session scheduled')
    return reply.code(201).send(session)
  })

  app.post('/api/cohorts/:id/sessions/:sid/advance', {
    schema: { summary: 'Start the next round', tags: ['cohorts'], params: SessionParams, response: { 200: Session, ...errors } },
  }, async (req) => {
    const cohort = await app.cohorts.organizer(req.params.id, bearer(req))
    const before = await app.cohorts.session(cohort, req.params.sid)
    const next = await app.cohorts.advance(cohort, req.params.sid)
    // Students still in last round's rooms hear that their personal link now leads elsewhere.
    const left = before?.rounds[before.current - 1]?.map((x) => x.roomId) ?? []
    if (left.length > 0) {
      const text = next.current > next.rounds.length
        ? 'The session is over. Thank you!'
        : `Round ${next.current} has started: open your personal link again for your next room.`
      app.io.to(left).emit('cohort:broadcast', { kind: 'message', text, at: Date.now() })
    }
    return next
  })

  app.post('/api/cohorts/:id/sessions/:sid/swap', {
    schema: { summary: 'Swap two students in the current and later rounds', tags: ['cohorts'], params: SessionParams, body: SwapBody, response: { 200: Session, ...errors } },
  }, async (req) => {
    const cohort = await app.cohorts.organizer(req.params.id, bearer(req))
    return app.cohorts.swap(cohort, req.params.sid, req.body.a, req.body.b)
  })

  app.post('/api/cohorts/:id/sessions/:sid/absent', {
    schema: { summary: 'Mark a student absent from the current round on', tags: ['cohorts'], params: SessionParams, body: AbsentBody, response: { 200: Session, ...errors } },
  }, async (req) => {
    const cohort = await app.cohorts.organizer(req.params.id, bearer(req))
    return app.cohorts.absent(cohort, req.params.sid, req.body.student)
  })

  app.post('/api/cohorts/:id/end', { schema: { tags: ['cohorts'], params: CohortParams, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    await app.cohorts.end(await organizer(req))
    return reply.code(204).send(null)
  })

  app.get('/api/cohorts/:id/dashboard', {
    schema: { summary: 'Every room of the current round, live', tags: ['cohorts'], params: CohortParams, response: { 200: Dashboard, ...errors } },
  }, async (req) => {
    const cohort = await organizer(req)
    return dashboard(deps, cohort, await app.cohorts.session(cohort), Date.now())
  })

  // Broadcasts (messages and clock commands) reach every room of the round; a sliding window per
  // cohort bounds them (per node).
  const sent = new Map<string, number[]>()
  const takeBroadcast = (cohortId: string, now: number) => {
    const recent = (sent.get(cohortId) ?? []).filter((t) => now - t < 60_000)
    if (recent.length >= COHORT_LIMITS.broadcastsPerMinute) {
      throw new AppError('RATE_LIMITED', `At most ${COHORT_LIMITS.broadcastsPerMinute} broadcasts a minute.`)
    }
    sent.set(cohortId, [...recent, now])
  }
  const currentRooms = async (cohort: Parameters<typeof app.cohorts.session>[0]) => {
    const s = await app.cohorts.session(cohort)
    const roomIds = s?.rounds[s.current - 1]?.map((x) => x.roomId) ?? []
    if (roomIds.length === 0) throw new AppError('CONFLICT', 'No round is running.')
    return roomIds
  }

  app.post('/api/cohorts/:id/broadcast', {
    schema: { summary: 'A message to every room of the current round', tags: ['cohorts'], params: CohortParams, body: BroadcastBody, response: { 200: z.object({ rooms: z.number().int() }), ...errors } },
  }, async (req) => {
    const cohort = await organizer(req)
    if (req.body.kind === 'message' && !req.body.text) throw new AppError('BAD_REQUEST', 'Write the message first.')
    const roomIds = await currentRooms(cohort)
    const now = Date.now()
    takeBroadcast(cohort.id, now)
    const message: CohortBroadcast = { kind: req.body.kind, text: req.body.kind === 'five-minutes' ? FIVE_MINUTES : req.body.text!, at: now }
    app.io.to(roomIds).emit('cohort:broadcast', message)
    return { rooms: roomIds.length }
  })

  // Start (or resume) / pause every clock of the round together. The organizer acts in each room
  // with that round's interviewer seat (its authority comes from the organizer secret); rooms
  // with no question or clock, or whose round ended, are reported, never forced.
  app.post('/api/cohorts/:id/clock', {
    schema: { summary: 'Start or pause every clock of the current round', tags: ['cohorts'], params: CohortParams, body: ClockAllBody, response: { 200: ClockAllResult, ...errors } },
  }, async (req) => {
    const cohort = await organizer(req)
    const roomIds = await currentRooms(cohort)
    takeBroadcast(cohort.id, Date.now())
    const { action } = req.body
    const one = async (roomId: string): Promise<ClockAllResult['rooms'][number]> => {
      const round = await app.interview.currentRound(roomId)
      if (!round) return { roomId, outcome: 'skipped', message: 'This room has no clock yet.' }
      if (!round.question) return { roomId, outcome: 'skipped', message: 'No question picked, so no clock to run.' }
      const status = round.clock.status
      if (status === 'ended') return { roomId, outcome: 'skipped', message: 'The round has ended.' }
      if (action === 'start' && status === 'running') return { roomId, outcome: 'unchanged', message: 'Already running.' }
      if (action === 'pause' && status !== 'running') {
        return { roomId, outcome: 'unchanged', message: status === 'paused' ? 'Already paused.' : 'Not started yet.' }
      }
      const step = action === 'pause' ? 'pause' : status === 'paused' ? 'resume' : 'start'
      const actor = { participantId: `cohort:${cohort.id}`, name: 'Organizer', seat: round.seats.interviewer }
      try {
        await app.roomClock(roomId, actor, { type: step })
        return { roomId, outcome: 'changed', message: step === 'pause' ? 'Paused.' : step === 'resume' ? 'Resumed.' : 'Started.' }
      } catch (err) {
        if (!(err instanceof AppError)) req.log.warn({ err, roomId }, 'cohort clocks: a room failed')
        // E.g. the interviewer changed the clock a moment before: report it, keep going.
        return { roomId, outcome: 'skipped', message: err instanceof AppError ? err.message : 'Could not change this clock.' }
      }
    }
    // A few rooms at a time: each change takes the room's lock and one write.
    const rooms: ClockAllResult['rooms'] = []
    for (let i = 0; i < roomIds.length; i += 8) rooms.push(...(await Promise.all(roomIds.slice(i, i + 8).map(one))))
    req.log.info({ cohortId: cohort.id, action, rooms: rooms.length }, 'cohort clocks')
    return { action, changed: rooms.filter((r) => r.outcome === 'changed').length, rooms }
  })

  const exportOf = async (req: Authed) => {
    const cohort = await organizer(req)
    const s = await app.cohorts.session(cohort)
    if (!s) throw new AppError('NOT_FOUND', 'This cohort has no session yet.')
    return { cohort, ...(await exportRows(deps, cohort, s)) }
  }

  app.get('/api/cohorts/:id/export.json', { schema: { summary: 'Scorecards and self-assessments, one row per student per round', tags: ['cohorts'], params: CohortParams } }, async (req) => {
    const { rows, criteria } = await exportOf(req)
    return { criteria, rows, students: perStudent(rows) }
  })

  app.get('/api/cohorts/:id/export.csv', { schema: { summary: 'The export as CSV (formula cells made inert)', tags: ['cohorts'], params: CohortParams } }, async (req, reply) => {
    const { rows, criteria, cohort } = await exportOf(req)
    const header = ['session', 'round', 'student', 'email', 'role', 'partner', 'question', ...criteria, 'summary', ...criteria.map((c) => `self:${c}`)]
    const body = toCsv(header, rows.map((r) => [
      r.session, r.round, r.student, r.email, r.role, r.partner, r.question,
      ...criteria.map((c) => r.scores[c] ?? null), r.summary, ...criteria.map((c) => r.selfScores[c] ?? null),
    ]))
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="cohort-${cohort.id}.csv"`)
      .send(body)
  })

  app.get('/api/cohorts/:id/me', {
    schema: { summary: 'Where a personal link leads now (student secret as bearer)', tags: ['cohorts'], params: CohortParams, response: { 200: StudentWhere, ...errors } },
  }, async (req) => app.cohorts.where(req.params.id, bearer(req)))
}

export default cohortRoutes
