import type { Generated } from 'kysely'

/** Kysely table types; identical for SQLite and PostgreSQL. Timestamps are ms since epoch. */
export interface Database {
  rooms: { id: string; title: string; created_at: number; epoch: string }
  invites: { token_hash: string; room_id: string; role: string; created_at: number }
  participants: {
    room_id: string
    id: string
    name: string
    role: string
    color: string
    created_at: number
    last_seen_at: number
  }
  doc_updates: { id: Generated<number>; room_id: string; doc: Generated<string>; data: Uint8Array; author: string; created_at: number }
  /** One snapshot per document of a room (`doc_snapshots` before migration 0003 held one per room). */
  document_snapshots: { room_id: string; doc: string; data: Uint8Array; last_update_id: number; created_at: number }
  room_events: { id: Generated<number>; room_id: string; type: string; actor: string; payload: string; created_at: number }
  room_state: { room_id: string; key: string; value: string; updated_at: number }
  room_usage: { room_id: string; events: number; event_bytes: number; active_at: number; log_bytes: Generated<number> }
  /** The cohort or loop a room was made for (RoomOwner), at most one per room. */
  room_owners: { room_id: string; kind: string; owner_id: string }
  cohorts: { id: string; name: string; organizer_hash: string; link_key: string; created_at: number; ended_at: number | null }
  cohort_students: {
    cohort_id: string
    id: string
    name: string
    email: string | null
    extra: string
    token_hash: string
    position: number
    created_at: number
  }
  cohort_sessions: { id: string; cohort_id: string; data: string; created_at: number }
  cohort_loops: { cohort_id: string; student_id: string; loop_id: string; created_at: number }
  loops: { id: string; owner_hash: string; link_key: string; data: string; created_at: number; closed_at: number | null; packet_shared_at: number | null }
  loop_submissions: { loop_id: string; stage: number; language: string; code: string; submitted_at: number; late: number }
}
