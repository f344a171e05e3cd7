import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely'

export type Dialect = 'sqlite' | 'postgres'

/**
 * Migrations are written once for both dialects; only column types differ (binary data and
 * auto-increment ids). Never edit a migration that has shipped: add a new one.
 */
function migrations(dialect: Dialect): Record<string, Migration> {
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob'
  const bigint = 'bigint'
  const autoId = (db: Kysely<any>, table: string) =>
    dialect === 'postgres'
      ? db.schema.createTable(table).addColumn('id', 'bigserial', (c) => c.primaryKey())
      : db.schema.createTable(table).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())

  return {
    '0001_initial': {
      async up(db) {
        await db.schema
          .createTable('rooms')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('epoch', 'text', (c) => c.notNull())
          .execute()
        await db.schema
          .createTable('invites')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .execute()
        await db.schema
          .createTable('participants')
          .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('color', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('last_seen_at', bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('participants_pk', ['room_id', 'id'])
          .execute()
        await autoId(db, 'doc_updates')
          .addColumn('room_id', 'text', (c) => c.notNull())
          .addColumn('data', bytes, (c) => c.notNull())
          .addColumn('author', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .execute()
        await db.schema.createIndex('doc_updates_room').on('doc_updates').columns(['room_id', 'id']).execute()
        await db.schema
          .createTable('doc_snapshots')
          .addColumn('room_id', 'text', (c) => c.primaryKey())
          .addColumn('data', bytes, (c) => c.notNull())
          .addColumn('last_update_id', bigint, (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .execute()
        await autoId(db, 'room_events')
          .addColumn('room_id', 'text', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .execute()
        await db.schema.createIndex('room_events_room').on('room_events').columns(['room_id', 'id']).execute()
        await db.schema
          .createTable('room_state')
          .addColumn('room_id', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('updated_at', bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('room_state_pk', ['room_id', 'key'])
          .execute()
      },
    },
    '0002_cohorts': {
      async up(db) {
        await db.schema
          .createTable('cohorts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('organizer_hash', 'text', (c) => c.notNull())
          // Derives the cohort's student links and room invites (HMAC); never sent to anyone.
          .addColumn('link_key', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('ended_at', bigint)
          .execute()
        await db.schema
          .createTable('cohort_students')
          .addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('email', 'text')
          .addColumn('extra', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('cohort_students_pk', ['cohort_id', 'id'])
          .execute()
        await db.schema
          .createTable('cohort_sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .execute()
        await db.schema.createIndex('cohort_sessions_cohort').on('cohort_sessions').columns(['cohort_id', 'created_at']).execute()
      },
    },
    '0003_documents': {
      // A room holds several named documents (`code`, `board`). Existing rows are the code
      // document's. Snapshots move to a table keyed by (room, document); the old table had the
      // room alone as its primary key, which neither dialect can alter in place portably.
      async up(db) {
        await db.schema.alterTable('doc_updates').addColumn('doc', 'text', (c) => c.notNull().defaultTo('code')).execute()
        await db.schema.dropIndex('doc_updates_room').execute()
        await db.schema.createIndex('doc_updates_doc').on('doc_updates').columns(['room_id', 'doc', 'id']).execute()
        await db.schema
          .createTable('document_snapshots')
          .addColumn('room_id', 'text', (c) => c.notNull())
          .addColumn('doc', 'text', (c) => c.notNull())
          .addColumn('data', bytes, (c) => c.notNull())
          .addColumn('last_update_id', bigint, (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('document_snapshots_pk', ['room_id', 'doc'])
          .execute()
        await sql`insert into document_snapshots (room_id, doc, data, last_update_id, created_at)
          select room_id, 'code', data, last_update_id, created_at from doc_snapshots`.execute(db)
        await db.schema.dropTable('doc_snapshots').execute()
      },
    },
    // What each room's event log holds (for its quota) and when the room was last used (for
    // retention), kept up to date by every commit, so neither needs a scan of the log.
    '0004_room_usage': {
      async up(db) {
        await db.schema
          .createTable('room_usage')
          .addColumn('room_id', 'text', (c) => c.primaryKey())
          .addColumn('events', bigint, (c) => c.notNull())
          .addColumn('event_bytes', bigint, (c) => c.notNull())
          .addColumn('active_at', bigint, (c) => c.notNull())
          .execute()
        await db.schema.createIndex('room_usage_active').on('room_usage').columns(['active_at']).execute()
        const greatest = dialect === 'postgres' ? 'greatest' : 'max'
        await sql`
          insert into room_usage (room_id, events, event_bytes, active_at)
          select r.id,
            (select count(*) from room_events e where e.room_id = r.id),
            (select coalesce(sum(length(e.payload)), 0) from room_events e where e.room_id = r.id),
            ${sql.raw(greatest)}(r.created_at,
              coalesce((select max(e.created_at) from room_events e where e.room_id = r.id), 0),
              coalesce((select max(p.last_seen_at) from participants p where p.room_id = r.id), 0),
              coalesce((select max(u.created_at) from doc_updates u where u.room_id = r.id), 0))
          from rooms r`.execute(db)
      },
    },
    // Interview loops (issue #22): the plan as JSON, and each take-home as submitted (frozen).
    '0005_loops': {
      async up(db) {
        await db.schema
          .createTable('loops')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('owner_hash', 'text', (c) => c.notNull())
          // Derives the loop's personal links and its rooms' invites (HMAC); never sent to anyone.
          .addColumn('link_key', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('closed_at', bigint)
          // When the packet was shared with the candidate (null: interviewers only).
          .addColumn('packet_shared_at', bigint)
          .execute()
        await db.schema
          .createTable('loop_submissions')
          .addColumn('loop_id', 'text', (c) => c.notNull().references('loops.id').onDelete('cascade'))
          .addColumn('stage', 'integer', (c) => c.notNull())
          .addColumn('language', 'text', (c) => c.notNull())
          .addColumn('code', 'text', (c) => c.notNull())
          .addColumn('submitted_at', bigint, (c) => c.notNull())
          .addColumn('late', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('loop_submissions_pk', ['loop_id', 'stage'])
          .execute()
      },
    },
    // Loops a cohort's organizer assigned to its students. No foreign key to loops: a row is
    // recorded (and the cohort's bound checked) before its loop is made.
    '0006_cohort_loops': {
      async up(db) {
        await db.schema
          .createTable('cohort_loops')
          .addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
          .addColumn('student_id', 'text', (c) => c.notNull())
          .addColumn('loop_id', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('cohort_loops_pk', ['cohort_id', 'loop_id'])
          .execute()
      },
    },
    // Bytes of each room's Yjs update log, kept by every append, for the per-room log quota
    // (ROOM_MAX_LOG_BYTES). Rooms without a usage row get one, so every append finds it.
    '0007_room_log_bytes': {
      async up(db) {
        await db.schema.alterTable('room_usage').addColumn('log_bytes', bigint, (c) => c.notNull().defaultTo(0)).execute()
        await sql`
          insert into room_usage (room_id, events, event_bytes, active_at)
          select r.id, 0, 0, r.created_at from rooms r
          where not exists (select 1 from room_usage u where u.room_id = r.id)`.execute(db)
        await sql`
          update room_usage set log_bytes =
            (select coalesce(sum(length(d.data)), 0) from doc_updates d where d.room_id = room_usage.room_id)`.execute(db)
      },
    },
    // The cohort or loop each room was made for, so retention keeps a cohort's session rooms and
    // a loop's stage rooms while their owner is open. Existing rooms are found where their owners
    // recorded them: a session's seatings (rounds[][].roomId) and a stage room's `loop` state.
    '0008_room_owners': {
      async up(db) {
        await db.schema
          .createTable('room_owners')
          .addColumn('room_id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('owner_id', 'text', (c) => c.notNull())
          .execute()
        await db.schema.createIndex('room_owners_owner').on('room_owners').columns(['kind', 'owner_id']).execute()
        const owners = new Map<string, { kind: string; id: string }>()
        const sessions = await db.selectFrom('cohort_sessions').select(['cohort_id', 'data']).execute()
        for (const s of sessions as { cohort_id: string; data: string }[]) {
          const rounds = (JSON.parse(s.data) as { rounds?: { roomId?: unknown }[][] }).rounds ?? []
          for (const seat of rounds.flat()) if (typeof seat?.roomId === 'string') owners.set(seat.roomId, { kind: 'cohort', id: s.cohort_id })
        }
        const loopRooms = await db.selectFrom('room_state').select(['room_id', 'value']).where('key', '=', 'loop').execute()
        for (const r of loopRooms as { room_id: string; value: string }[]) {
          const ref = JSON.parse(r.value) as { loopId?: unknown }
          if (typeof ref.loopId === 'string') owners.set(r.room_id, { kind: 'loop', id: ref.loopId })
        }
        for (const [roomId, o] of owners) {
          await sql`insert into room_owners (room_id, kind, owner_id)
            select id, ${o.kind}, ${o.id} from rooms where id = ${roomId}`.execute(db)
        }
      },
    },
    // A round's part of a document's log (debrief activity) by time, without reading the rest.
    '0009_doc_updates_time': {
      async up(db) {
        await db.schema.createIndex('doc_updates_time').on('doc_updates').columns(['room_id', 'doc', 'created_at']).execute()
      },
    },
    // …but that index cost every stored keystroke a third of the storage thread's work (a second
    // index entry at a random place, more pages per commit: #23, docs/perf-round-two.md). A round's
    // part of the log is found by the (room_id, doc, id) index instead, skipping earlier rows by
    // their time: read only when a debrief's activity is first asked for, and then cached.
    '0010_drop_doc_updates_time': {
      async up(db) {
        await db.schema.dropIndex('doc_updates_time').execute()
      },
    },
  }
}

export class StaticMigrations implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations() {
    return migrations(this.dialect)
  }
}
