import { Migrator, sql, type Kysely } from 'kysely'
import type { Role } from '@nudge/shared'
import { StaticMigrations, type Dialect } from './migrations/index.ts'
import type { Database } from './schema.ts'
import type {
  LoadedDocument, ParticipantRecord, RoomEventRecord, RoomRecord, StateRecord, Store, StoredRoomEvent, StoredUpdate, UpdateRecord,
} from './types.ts'

// node-postgres returns bigint columns as strings; SQLite returns numbers.
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v))
const bytes = (v: Uint8Array): Uint8Array => new Uint8Array(v.buffer, v.byteOffset, v.byteLength)

/** The Store over Kysely; SQLite and PostgreSQL differ only in the dialect passed in. */
export class KyselyStore implements Store {
  constructor(
    readonly db: Kysely<Database>,
    readonly kind: Dialect,
    private readonly onClose: () => Promise<void> = () => db.destroy(),
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

  async createRoom(room: RoomRecord, invites: { role: Role; tokenHash: string }[], initial: UpdateRecord | null) {
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
          .values({ room_id: initial.roomId, data: initial.data, author: initial.author, created_at: initial.createdAt })
          .execute()
      }
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

  async appendUpdates(batch: UpdateRecord[]): Promise<Map<string, number>> {
    const last = new Map<string, number>()
    if (batch.length === 0) return last
    const rows = batch.map((u) => ({ room_id: u.roomId, data: u.data, author: u.author, created_at: u.createdAt }))
    // One multi-row insert is one transaction in both dialects: the batch is all or nothing.
    // RETURNING's row order is unspecified (SQLite), so the last id per room is the largest.
    const ids = await this.db.insertInto('doc_updates').values(rows).returning(['id', 'room_id']).execute()
    for (const r of ids) last.set(r.room_id, Math.max(last.get(r.room_id) ?? 0, num(r.id)))
    return last
  }

  async loadDocument(roomId: string): Promise<LoadedDocument> {
    return this.db.transaction().execute(async (trx) => {
      const snap = await trx
        .selectFrom('doc_snapshots')
        .select(['data', 'last_update_id'])
        .where('room_id', '=', roomId)
        .executeTakeFirst()
      const after = snap ? num(snap.last_update_id) : 0
      const updates = await trx
        .selectFrom('doc_updates')
        .select(['id', 'data'])
        .where('room_id', '=', roomId)
        .where('id', '>', after)
        .orderBy('id')
        .execute()
      return {
        snapshot: snap ? { data: bytes(snap.data), lastUpdateId: after } : null,
        updates: updates.map((u) => ({ id: num(u.id), data: bytes(u.data) })),
      }
    })
  }

  async writeSnapshot(roomId: string, data: Uint8Array, lastUpdateId: number): Promise<void> {
    const now = Date.now()
    await this.db
      .insertInto('doc_snapshots')
      .values({ room_id: roomId, data, last_update_id: lastUpdateId, created_at: now })
      .onConflict((oc) =>
        oc
          .column('room_id')
          .doUpdateSet({ data, last_update_id: lastUpdateId, created_at: now })
          .where('doc_snapshots.last_update_id', '<=', lastUpdateId),
      )
      .execute()
  }

  async listUpdates(roomId: string, afterId = 0, limit = 10_000): Promise<StoredUpdate[]> {
    const rows = await this.db
      .selectFrom('doc_updates')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute()
    return rows.map((r) => ({
      id: num(r.id), roomId: r.room_id, data: bytes(r.data), author: r.author, createdAt: num(r.created_at),
    }))
  }

  async appendEvent(e: RoomEventRecord): Promise<number> {
    const row = await this.db
      .insertInto('room_events')
      .values(eventRow(e))
      .returning('id')
      .executeTakeFirstOrThrow()
    return num(row.id)
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
      for (const st of states) {
        const json = JSON.stringify(st.value)
        await db
          .insertInto('room_state')
          .values({ room_id: st.roomId, key: st.key, value: json, updated_at: st.updatedAt })
          .onConflict((oc) => oc.columns(['room_id', 'key']).doUpdateSet({ value: json, updated_at: st.updatedAt }))
          .execute()
      }
      if (events.length > 0) {
        await db
          .insertInto('room_events')
          .values(events.map(eventRow))
          .execute()
      }
    }
    // A single statement is its own transaction; several share one.
    if (states.length + (events.length > 0 ? 1 : 0) === 1) await write(this.db)
    else await this.db.transaction().execute(write)
  }
}

/** A room_events row: the payload is stored as JSON text in both dialects. */
function eventRow(e: RoomEventRecord) {
  return { room_id: e.roomId, type: e.type, actor: e.actor, payload: JSON.stringify(e.payload), created_at: e.createdAt }
}
