import { Migrator, sql, type Kysely } from 'kysely'
import { AppError, type DocName, type Role } from '@nudge/shared'
import { StaticMigrations, type Dialect } from './migrations/index.ts'
import type { Database } from './schema.ts'
import {
  docKey,
  type CohortRecord, type CohortLoopRecord, type LoopData, type LoopRecord, type SubmissionRecord, type SessionRecord, type StudentRecord, type LoadedDocument, type ParticipantRecord, type RoomEventRecord,
  type AppendResult, type RoomOwner, type RoomQuota, type RoomRecord, type RoomUsage, type StateRecord, type Store, type StoredRoomEvent, type StoredUpdate, type UpdateRecord,
} from './types.ts'
import { DEFAULT_ROOM_QUOTA } from './types.ts'

// node-postgres returns bigint columns as strings; SQLite returns numbers.
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v))
const bytes = (v: Uint8Array): Uint8Array => new Uint8Array(v.buffer, v.byteOffset, v.byteLength)

/** The Store over Kysely; SQLite and PostgreSQL differ only in the dialect passed in. */
export class KyselyStore implements Store {
  constructor(
    readonly db: Kysely<Database>,
    readonly kind: Dialect,
    private readonly onClose: () => Promise<void> = () => db.destroy(),
    /** What one room's event log may hold (ROOM_MAX_EVENTS, ROOM_MAX_EVENT_BYTES). */
    readonly quota: RoomQuota = DEFAULT_ROOM_QUOTA,
  ) {}

  async migrate(): Promise<void> {
    // Kysely looks for its migration table in every schema unless told one; with PostgreSQL the
    // tables live in the connection's current schema (search_path), so name it explicitly.
    const migrationTableSchema = this.kind === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(this.db)).rows[0]?.s
      : undefined
    const migrator = new Migrator({ db: this.db, provider: new StaticMigrations(this.kind), migrationTableSchema })
    const { error, results } = await migrator.migrateToLatest()
    const failed = results?.find((r) => r.status === 'Error')
    if (error || failed) {
      throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String((error as Error)?.message ?? error)}`)
    }
  }

  async ping(): Promise<void> {
    await this.db.selectFrom('rooms').select('id').limit(1).execute()
  }

  close(): Promise<void> {
    return this.onClose()
  }

  async createRoom(room: RoomRecord, invites: { role: Role; tokenHash: string }[], initial: UpdateRecord | null, owner?: RoomOwner) {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('rooms')
        .values({ id: room.id, title: room.title, created_at: room.createdAt, epoch: room.epoch })
        .execute()
      await trx
        .insertInto('invites')
        .values(invites.map((i) => ({ token_hash: i.tokenHash, room_id: room.id, role: i.role, created_at: room.createdAt })))
        .execute()
      if (initial) {
        await trx
          .insertInto('doc_updates')
          .values({ room_id: initial.roomId, doc: initial.doc, data: initial.data, author: initial.author, created_at: initial.createdAt })
          .execute()
        await chargeLog(trx, initial.roomId, initial.data.byteLength)
      }
      if (owner) await trx.insertInto('room_owners').values({ room_id: room.id, kind: owner.kind, owner_id: owner.id }).execute()
    })
  }

  async getRoom(id: string): Promise<RoomRecord | undefined> {
    const r = await this.db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst()
    return r && { id: r.id, title: r.title, createdAt: num(r.created_at), epoch: r.epoch }
  }

  async findInvite(tokenHash: string) {
    const r = await this.db
      .selectFrom('invites')
      .select(['room_id', 'role'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst()
    return r && { roomId: r.room_id, role: r.role as Role }
  }

  async listInvites(roomId: string) {
    const rows = await this.db
      .selectFrom('invites')
      .select(['token_hash', 'role'])
      .where('room_id', '=', roomId)
      .orderBy('created_at')
      .orderBy('role')
      .execute()
    return rows.map((r) => ({ tokenHash: r.token_hash, role: r.role as Role }))
  }

  async swapInviteRoles(roomId: string, a: Role, b: Role): Promise<void> {
    if (a === b) return
    await this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('invites')
        .select(['token_hash', 'role'])
        .where('room_id', '=', roomId)
        .where('role', 'in', [a, b])
        .execute()
      for (const r of rows) {
        await trx
          .updateTable('invites')
          .set({ role: r.role === a ? b : a })
          .where('token_hash', '=', r.token_hash)
          .execute()
      }
    })
  }

  async upsertParticipant(p: ParticipantRecord): Promise<void> {
    await this.db
      .insertInto('participants')
      .values({
        room_id: p.roomId, id: p.id, name: p.name, role: p.role, color: p.color,
        created_at: p.createdAt, last_seen_at: p.lastSeenAt,
      })
      .onConflict((oc) =>
        oc.columns(['room_id', 'id']).doUpdateSet({ name: p.name, role: p.role, color: p.color, last_seen_at: p.lastSeenAt }),
      )
      .execute()
    await charge(this.db, p.roomId, 0, 0, p.lastSeenAt)
  }

  async listParticipants(roomId: string): Promise<ParticipantRecord[]> {
    const rows = await this.db
      .selectFrom('participants')
      .selectAll()
      .where('room_id', '=', roomId)
      .orderBy('created_at')
      .execute()
    return rows.map((r) => ({
      roomId: r.room_id, id: r.id, name: r.name, role: r.role as Role, color: r.color,
      createdAt: num(r.created_at), lastSeenAt: num(r.last_seen_at),
    }))
  }

  async appendUpdates(batch: UpdateRecord[]): Promise<AppendResult> {
    const lastIds = new Map<string, number>()
    const logBytes = new Map<string, number>()
    if (batch.length === 0) return { lastIds, logBytes }
    const rows = batch.map((u) => ({ room_id: u.roomId, doc: u.doc, data: u.data, author: u.author, created_at: u.createdAt }))
    // The rows and the usage they add are one transaction: the batch is all or nothing.
    await this.db.transaction().execute(async (trx) => {
      // RETURNING's row order is unspecified (SQLite), so the last id per document is the largest.
      const ids = await trx.insertInto('doc_updates').values(rows).returning(['id', 'room_id', 'doc']).execute()
      for (const r of ids) {
        const key = docKey(r.room_id, r.doc as DocName)
        lastIds.set(key, Math.max(lastIds.get(key) ?? 0, num(r.id)))
      }
      for (const [roomId, n] of bytesPerRoom(batch)) {
        const total = await chargeLog(trx, roomId, n)
        if (total !== undefined) logBytes.set(roomId, total)
      }
    })
    return { lastIds, logBytes }
  }

  async loadDocument(roomId: string, doc: DocName): Promise<LoadedDocument> {
    return this.db.transaction().execute(async (trx) => {
      const snap = await trx
        .selectFrom('document_snapshots')
        .select(['data', 'last_update_id'])
        .where('room_id', '=', roomId)
        .where('doc', '=', doc)
        .executeTakeFirst()
      const after = snap ? num(snap.last_update_id) : 0
      const updates = await trx
        .selectFrom('doc_updates')
        .select(['id', 'data'])
        .where('room_id', '=', roomId)
        .where('doc', '=', doc)
        .where('id', '>', after)
        .orderBy('id')
        .execute()
      return {
        snapshot: snap ? { data: bytes(snap.data), lastUpdateId: after } : null,
        updates: updates.map((u) => ({ id: num(u.id), data: bytes(u.data) })),
      }
    })
  }

  async writeSnapshot(roomId: string, doc: DocName, data: Uint8Array, lastUpdateId: number): Promise<void> {
    const now = Date.now()
    await this.db
      .insertInto('document_snapshots')
      .values({ room_id: roomId, doc, data, last_update_id: lastUpdateId, created_at: now })
      .onConflict((oc) =>
        oc
          .columns(['room_id', 'doc'])
          .doUpdateSet({ data, last_update_id: lastUpdateId, created_at: now })
          .where('document_snapshots.last_update_id', '<=', lastUpdateId),
      )
      .execute()
  }

  async listUpdates(roomId: string, doc: DocName, afterId = 0, limit = 10_000): Promise<StoredUpdate[]> {
    const rows = await this.db
      .selectFrom('doc_updates')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('doc', '=', doc)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute()
    return rows.map((r) => ({
      id: num(r.id), roomId: r.room_id, doc: r.doc as DocName, data: bytes(r.data), author: r.author, createdAt: num(r.created_at),
    }))
  }

  async listUpdatesBetween(roomId: string, doc: DocName, from: number, to: number, afterId: number, limit: number): Promise<StoredUpdate[]> {
    // Infinity (a round still running) is no SQL number: unbounded above is no upper condition.
    let q = this.db
      .selectFrom('doc_updates')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('doc', '=', doc)
      .where('created_at', '>=', Math.max(from, 0))
      .where('id', '>', afterId)
    if (Number.isFinite(to)) q = q.where('created_at', '<=', to)
    const rows = await q.orderBy('id').limit(limit).execute()
    return rows.map((r) => ({
      id: num(r.id), roomId: r.room_id, doc: r.doc as DocName, data: bytes(r.data), author: r.author, createdAt: num(r.created_at),
    }))
  }

  async appendEvent(e: RoomEventRecord): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const row = eventRow(e)
      await this.chargeEvents(trx, [row])
      const inserted = await trx.insertInto('room_events').values(row).returning('id').executeTakeFirstOrThrow()
      return num(inserted.id)
    })
  }

  async latestEvents(roomId: string, types: string[], limit: number): Promise<StoredRoomEvent[]> {
    if (types.length === 0 || limit <= 0) return []
    const rows = await this.db
      .selectFrom('room_events')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('type', 'in', types)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    return rows.reverse().map((r) => ({
      id: num(r.id), roomId: r.room_id, type: r.type, actor: r.actor,
      payload: JSON.parse(r.payload) as unknown, createdAt: num(r.created_at),
    }))
  }

  async roomUsage(roomId: string): Promise<RoomUsage | undefined> {
    const room = await this.db.selectFrom('rooms').select('created_at').where('id', '=', roomId).executeTakeFirst()
    if (!room) return undefined
    const u = await this.db.selectFrom('room_usage').selectAll().where('room_id', '=', roomId).executeTakeFirst()
    return {
      events: num(u?.events ?? 0), eventBytes: num(u?.event_bytes ?? 0), logBytes: num(u?.log_bytes ?? 0),
      activeAt: Math.max(num(room.created_at), num(u?.active_at ?? 0)),
    }
  }

  async listIdleRooms(before: number, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('rooms')
      .leftJoin('room_usage', 'room_usage.room_id', 'rooms.id')
      .leftJoin('room_owners', 'room_owners.room_id', 'rooms.id')
      .leftJoin('cohorts', (j) => j.onRef('cohorts.id', '=', 'room_owners.owner_id').on('room_owners.kind', '=', 'cohort'))
      .leftJoin('loops', (j) => j.onRef('loops.id', '=', 'room_owners.owner_id').on('room_owners.kind', '=', 'loop'))
      .select(['rooms.id as id', sql<number>`coalesce(room_usage.active_at, rooms.created_at)`.as('active')])
      .where(sql<boolean>`coalesce(room_usage.active_at, rooms.created_at) < ${before}`)
      // An owned room waits for its owner: open keeps it; ended/closed counts as its last activity.
      .where(sql<boolean>`(cohorts.id is null or (cohorts.ended_at is not null and cohorts.ended_at < ${before}))`)
      .where(sql<boolean>`(loops.id is null or (loops.closed_at is not null and loops.closed_at < ${before}))`)
      .orderBy('active')
      .limit(limit)
      .execute()
    return rows.map((r) => r.id)
  }

  async deleteRoom(roomId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const table of ['room_events', 'room_state', 'room_usage', 'room_owners', 'doc_updates', 'document_snapshots', 'participants', 'invites'] as const) {
        await trx.deleteFrom(table).where('room_id', '=', roomId).execute()
      }
      await trx.deleteFrom('rooms').where('id', '=', roomId).execute()
    })
  }

  /**
   * Counts new event rows against each room's quota and records them, inside the caller's
   * transaction; throws TOO_LARGE (and so rolls the whole commit back) when a room would pass it.
   */
  private async chargeEvents(trx: Kysely<Database>, rows: ReturnType<typeof eventRow>[]) {
    const perRoom = new Map<string, { n: number; bytes: number; at: number }>()
    for (const r of rows) {
      const c = perRoom.get(r.room_id) ?? { n: 0, bytes: 0, at: 0 }
      c.n += 1
      c.bytes += Buffer.byteLength(r.payload)
      c.at = Math.max(c.at, r.created_at)
      perRoom.set(r.room_id, c)
    }
    for (const [roomId, c] of perRoom) {
      const u = await trx.selectFrom('room_usage').select(['events', 'event_bytes']).where('room_id', '=', roomId).executeTakeFirst()
      if (num(u?.events ?? 0) + c.n > this.quota.events || num(u?.event_bytes ?? 0) + c.bytes > this.quota.eventBytes) {
        throw new AppError('TOO_LARGE', 'This room’s history is full (its storage limit is reached); nothing more can be recorded. Export the debrief, or start a new room.')
      }
      await charge(trx, roomId, c.n, c.bytes, c.at)
    }
  }

  async listEvents(roomId: string, afterId = 0): Promise<StoredRoomEvent[]> {
    const rows = await this.db
      .selectFrom('room_events')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('id', '>', afterId)
      .orderBy('id')
      .execute()
    return rows.map((r) => ({
      id: num(r.id), roomId: r.room_id, type: r.type, actor: r.actor,
      payload: JSON.parse(r.payload) as unknown, createdAt: num(r.created_at),
    }))
  }

  async getState<T = unknown>(roomId: string, key: string): Promise<T | undefined> {
    const r = await this.db
      .selectFrom('room_state')
      .select('value')
      .where('room_id', '=', roomId)
      .where('key', '=', key)
      .executeTakeFirst()
    return r ? (JSON.parse(r.value) as T) : undefined
  }

  async setState(roomId: string, key: string, value: unknown, updatedAt: number): Promise<void> {
    await this.commit({ states: [{ roomId, key, value, updatedAt }] })
  }

  async commit({ states = [], events = [] }: { states?: StateRecord[]; events?: RoomEventRecord[] }): Promise<void> {
    if (states.length + events.length === 0) return
    const write = async (db: Kysely<Database>) => {
      const rows = events.map(eventRow)
      if (rows.length > 0) await this.chargeEvents(db, rows)
      for (const st of states) {
        const json = JSON.stringify(st.value)
        await db
          .insertInto('room_state')
          .values({ room_id: st.roomId, key: st.key, value: json, updated_at: st.updatedAt })
          .onConflict((oc) => oc.columns(['room_id', 'key']).doUpdateSet({ value: json, updated_at: st.updatedAt }))
          .execute()
      }
      if (rows.length > 0) {
        await db
          .insertInto('room_events')
          .values(rows)
          .execute()
      }
    }
    // A single state write is its own transaction; events are charged to the quota in theirs.
    if (states.length === 1 && events.length === 0) await write(this.db)
    else await this.db.transaction().execute(write)
  }

  // Cohorts. Counting then inserting in one transaction keeps the bounds on one node (SQLite
  // serializes writers); on PostgreSQL two racing requests could overshoot a bound by one each.

  async createCohort(c: CohortRecord, max: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const { n } = await trx.selectFrom('cohorts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
      if (num(n) >= max) return false
      await trx
        .insertInto('cohorts')
        .values({ id: c.id, name: c.name, organizer_hash: c.organizerHash, link_key: c.linkKey, created_at: c.createdAt, ended_at: c.endedAt })
        .execute()
      return true
    })
  }

  async getCohort(id: string): Promise<CohortRecord | undefined> {
    const r = await this.db.selectFrom('cohorts').selectAll().where('id', '=', id).executeTakeFirst()
    return r && {
      id: r.id, name: r.name, organizerHash: r.organizer_hash, linkKey: r.link_key,
      createdAt: num(r.created_at), endedAt: r.ended_at === null ? null : num(r.ended_at),
    }
  }

  async endCohort(id: string, at: number): Promise<void> {
    await this.db.updateTable('cohorts').set({ ended_at: at }).where('id', '=', id).where('ended_at', 'is', null).execute()
  }

  async addStudents(cohortId: string, students: Omit<StudentRecord, 'position'>[], max: number): Promise<boolean> {
    if (students.length === 0) return true
    return this.db.transaction().execute(async (trx) => {
      const { n, last } = await trx
        .selectFrom('cohort_students')
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('position').as('last')])
        .where('cohort_id', '=', cohortId)
        .executeTakeFirstOrThrow()
      if (num(n) + students.length > max) return false
      const from = last === null ? 0 : num(last) + 1
      await trx
        .insertInto('cohort_students')
        .values(students.map((s, i) => ({
          cohort_id: cohortId, id: s.id, name: s.name, email: s.email, extra: JSON.stringify(s.extra),
          token_hash: s.tokenHash, position: from + i, created_at: s.createdAt,
        })))
        .execute()
      return true
    })
  }

  async listStudents(cohortId: string): Promise<StudentRecord[]> {
    const rows = await this.db.selectFrom('cohort_students').selectAll().where('cohort_id', '=', cohortId).orderBy('position').execute()
    return rows.map(studentOf)
  }

  async findStudent(tokenHash: string): Promise<StudentRecord | undefined> {
    const r = await this.db.selectFrom('cohort_students').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
    return r && studentOf(r)
  }

  async saveSession(s: SessionRecord, max: number): Promise<boolean> {
    const data = JSON.stringify(s.data)
    return this.db.transaction().execute(async (trx) => {
      const exists = await trx.selectFrom('cohort_sessions').select('id').where('id', '=', s.id).executeTakeFirst()
      if (exists) {
        await trx.updateTable('cohort_sessions').set({ data }).where('id', '=', s.id).where('cohort_id', '=', s.cohortId).execute()
        return true
      }
      const { n } = await trx
        .selectFrom('cohort_sessions')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('cohort_id', '=', s.cohortId)
        .executeTakeFirstOrThrow()
      if (num(n) >= max) return false
      await trx.insertInto('cohort_sessions').values({ id: s.id, cohort_id: s.cohortId, data, created_at: s.createdAt }).execute()
      return true
    })
  }

  async getSession(cohortId: string, id: string): Promise<SessionRecord | undefined> {
    const r = await this.db.selectFrom('cohort_sessions').selectAll().where('id', '=', id).where('cohort_id', '=', cohortId).executeTakeFirst()
    return r && sessionOf(r)
  }

  async latestSession(cohortId: string): Promise<SessionRecord | undefined> {
    const r = await this.db
      .selectFrom('cohort_sessions')
      .selectAll()
      .where('cohort_id', '=', cohortId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
    return r && sessionOf(r)
  }

  async listSessions(cohortId: string): Promise<SessionRecord[]> {
    const rows = await this.db
      .selectFrom('cohort_sessions')
      .selectAll()
      .where('cohort_id', '=', cohortId)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute()
    return rows.map(sessionOf)
  }

  async addCohortLoops(cohortId: string, loops: CohortLoopRecord[], max: number): Promise<boolean> {
    if (loops.length === 0) return true
    return this.db.transaction().execute(async (trx) => {
      const { n } = await trx.selectFrom('cohort_loops').select((eb) => eb.fn.countAll().as('n')).where('cohort_id', '=', cohortId).executeTakeFirstOrThrow()
      if (num(n) + loops.length > max) return false
      await trx
        .insertInto('cohort_loops')
        .values(loops.map((l) => ({ cohort_id: cohortId, student_id: l.studentId, loop_id: l.loopId, created_at: l.createdAt })))
        .execute()
      return true
    })
  }

  async removeCohortLoops(cohortId: string, loopIds: string[]): Promise<void> {
    if (loopIds.length === 0) return
    await this.db.deleteFrom('cohort_loops').where('cohort_id', '=', cohortId).where('loop_id', 'in', loopIds).execute()
  }

  async listCohortLoops(cohortId: string): Promise<CohortLoopRecord[]> {
    const rows = await this.db.selectFrom('cohort_loops').selectAll().where('cohort_id', '=', cohortId).orderBy('created_at').orderBy('loop_id').execute()
    return rows.map((r) => ({ cohortId: r.cohort_id, studentId: r.student_id, loopId: r.loop_id, createdAt: num(r.created_at) }))
  }

  // Loops. Counted then inserted in one transaction, like cohorts.

  async createLoop(l: LoopRecord, max: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const { n } = await trx.selectFrom('loops').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
      if (num(n) >= max) return false
      await trx
        .insertInto('loops')
        .values({ id: l.id, owner_hash: l.ownerHash, link_key: l.linkKey, data: JSON.stringify(l.data), created_at: l.createdAt, closed_at: l.closedAt, packet_shared_at: l.packetSharedAt })
        .execute()
      return true
    })
  }

  async getLoop(id: string): Promise<LoopRecord | undefined> {
    const r = await this.db.selectFrom('loops').selectAll().where('id', '=', id).executeTakeFirst()
    return r && {
      id: r.id, ownerHash: r.owner_hash, linkKey: r.link_key, data: JSON.parse(r.data) as LoopData,
      createdAt: num(r.created_at), closedAt: r.closed_at === null ? null : num(r.closed_at),
      packetSharedAt: r.packet_shared_at === null ? null : num(r.packet_shared_at),
    }
  }

  async saveLoopData(id: string, data: LoopData): Promise<void> {
    await this.db.updateTable('loops').set({ data: JSON.stringify(data) }).where('id', '=', id).execute()
  }

  async closeLoop(id: string, at: number): Promise<void> {
    await this.db.updateTable('loops').set({ closed_at: at }).where('id', '=', id).where('closed_at', 'is', null).execute()
  }

  async shareLoopPacket(id: string, at: number): Promise<void> {
    await this.db.updateTable('loops').set({ packet_shared_at: at }).where('id', '=', id).where('packet_shared_at', 'is', null).execute()
  }

  async addSubmission(sub: SubmissionRecord): Promise<boolean> {
    const inserted = await this.db
      .insertInto('loop_submissions')
      .values({ loop_id: sub.loopId, stage: sub.stage, language: sub.language, code: sub.code, submitted_at: sub.submittedAt, late: sub.late ? 1 : 0 })
      .onConflict((oc) => oc.columns(['loop_id', 'stage']).doNothing())
      .executeTakeFirst()
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0
  }

  async getSubmission(loopId: string, stage: number): Promise<SubmissionRecord | undefined> {
    const r = await this.db.selectFrom('loop_submissions').selectAll().where('loop_id', '=', loopId).where('stage', '=', stage).executeTakeFirst()
    return r && submissionOf(r)
  }

  async listSubmissions(loopId: string): Promise<SubmissionRecord[]> {
    const rows = await this.db.selectFrom('loop_submissions').selectAll().where('loop_id', '=', loopId).orderBy('stage').execute()
    return rows.map(submissionOf)
  }
}

function submissionOf(r: Database['loop_submissions']): SubmissionRecord {
  return { loopId: r.loop_id, stage: num(r.stage), language: r.language, code: r.code, submittedAt: num(r.submitted_at), late: num(r.late) === 1 }
}


function studentOf(r: Database['cohort_students']): StudentRecord {
  return {
    cohortId: r.cohort_id, id: r.id, name: r.name, email: r.email, extra: JSON.parse(r.extra) as Record<string, string>,
    tokenHash: r.token_hash, position: num(r.position), createdAt: num(r.created_at),
  }
}

function sessionOf(r: Database['cohort_sessions']): SessionRecord {
  return { id: r.id, cohortId: r.cohort_id, data: JSON.parse(r.data) as unknown, createdAt: num(r.created_at) }
}

/** Adds to a room's usage counters and moves its last activity forward (one upsert). */
async function charge(db: Kysely<Database>, roomId: string, events: number, bytes: number, at: number) {
  await db
    .insertInto('room_usage')
    .values({ room_id: roomId, events, event_bytes: bytes, active_at: at })
    .onConflict((oc) =>
      oc.column('room_id').doUpdateSet({
        events: sql<number>`room_usage.events + ${events}`,
        event_bytes: sql<number>`room_usage.event_bytes + ${bytes}`,
        active_at: sql<number>`case when room_usage.active_at > ${at} then room_usage.active_at else ${at} end`,
      }),
    )
    .execute()
}

/** Bytes of a batch of update rows, per room. */
export function bytesPerRoom(batch: readonly UpdateRecord[]): Map<string, number> {
  const out = new Map<string, number>()
  for (const u of batch) out.set(u.roomId, (out.get(u.roomId) ?? 0) + u.data.byteLength)
  return out
}

/**
 * Adds update-log bytes to a room's usage and returns its new total, in the caller's transaction;
 * undefined when the room no longer exists. The row is created (activity = the room's creation)
 * when the room has none yet. The SQLite thread runs the same statement (sqlite-thread.ts).
 * Appending never moves the room's activity: joins and commits do.
 */
async function chargeLog(db: Kysely<Database>, roomId: string, bytes: number): Promise<number | undefined> {
  const r = await sql<{ log_bytes: number | string }>`
    insert into room_usage (room_id, events, event_bytes, active_at, log_bytes)
    select id, 0, 0, created_at, ${bytes} from rooms where id = ${roomId}
    on conflict (room_id) do update set log_bytes = room_usage.log_bytes + excluded.log_bytes
    returning log_bytes`.execute(db)
  const row = r.rows[0]
  return row ? num(row.log_bytes) : undefined
}

/** A room_events row: the payload is stored as JSON text in both dialects. */
function eventRow(e: RoomEventRecord) {
  return { room_id: e.roomId, type: e.type, actor: e.actor, payload: JSON.stringify(e.payload), created_at: e.createdAt }
}
