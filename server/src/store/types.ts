import type { DocName, Role } from '@nudge/shared'
import type { LoopData, LoopRecord, SubmissionRecord } from '../loops/loop-model.ts'

export type { LoopData, LoopRecord, SubmissionRecord }

export interface RoomRecord {
  id: string
  title: string
  createdAt: number
  /** Identity of the document's lineage; clients discard local copies from another epoch. */
  epoch: string
}

/**
 * What a room was made for, when a cohort session or an interview loop made it. Retention keeps
 * such a room while its owner is open (cohort not ended, loop not closed), and counts the end
 * as the room's activity afterwards.
 */
export interface RoomOwner {
  kind: 'cohort' | 'loop'
  id: string
}

export interface ParticipantRecord {
  roomId: string
  id: string
  name: string
  role: Role
  color: string
  createdAt: number
  lastSeenAt: number
}

export interface UpdateRecord {
  roomId: string
  /** Which of the room's documents (`code`, `board`) this update belongs to. */
  doc: DocName
  data: Uint8Array
  /** Participant id (or 'server') that wrote it. */
  author: string
  /** Server timestamp, ms since epoch. */
  createdAt: number
}

/** What `appendUpdates` stored. */
export interface AppendResult {
  /** Id of the last row stored for each document, by `docKey(roomId, doc)`. */
  lastIds: Map<string, number>
  /** Each room's update-log bytes after this batch, by room id (rows of deleted rooms are not counted). */
  logBytes: Map<string, number>
}

export interface StoredUpdate extends UpdateRecord {
  id: number
}

/** One document of one room, as a map key (update-log batches, loaded documents, relay streams). */
export const docKey = (roomId: string, doc: DocName): string => `${roomId}/${doc}`

export interface LoadedDocument {
  snapshot: { data: Uint8Array; lastUpdateId: number } | null
  /** Updates after the snapshot, oldest first. */
  updates: { id: number; data: Uint8Array }[]
}

export interface RoomEventRecord {
  roomId: string
  type: string
  actor: string
  payload: unknown
  createdAt: number
}

export interface StateRecord {
  roomId: string
  key: string
  value: unknown
  updatedAt: number
}

export interface StoredRoomEvent extends RoomEventRecord {
  id: number
}

export interface CohortRecord {
  id: string
  name: string
  /** sha256 of the organizer secret. */
  organizerHash: string
  /** Random key the cohort's student links and room invites are derived from (HMAC). */
  linkKey: string
  createdAt: number
  endedAt: number | null
}

/** A loop a cohort's organizer assigned to one of its students (the loop's candidate). */
export interface CohortLoopRecord {
  cohortId: string
  studentId: string
  loopId: string
  createdAt: number
}

export interface StudentRecord {
  cohortId: string
  id: string
  name: string
  email: string | null
  extra: Record<string, string>
  /** sha256 of the student's personal-link secret. */
  tokenHash: string
  /** Roster order (the rotation seats students in this order). */
  position: number
  createdAt: number
}

export interface SessionRecord {
  id: string
  cohortId: string
  /** The schedule and its progress as JSON (the shared `Session` shape). */
  data: unknown
  createdAt: number
}

/** What one room's event log may hold; past it, commits with events are refused (TOO_LARGE). */
export interface RoomQuota {
  events: number
  eventBytes: number
}

export const DEFAULT_ROOM_QUOTA: RoomQuota = { events: 20_000, eventBytes: 32 * 1024 * 1024 }

export interface RoomUsage {
  events: number
  /** Bytes of the stored JSON payloads. */
  eventBytes: number
  /** Bytes of the room's Yjs update log (every document's rows, as stored), for its quota. */
  logBytes: number
  /** Last write to the room's log or state, or arrival of a participant (ms since epoch). */
  activeAt: number
}

/**
 * The one storage interface. SQLite is the embedded default; PostgreSQL comes with scale-out.
 * Every implementation must pass `storeContract` (store.contract.ts).
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres'
  migrate(): Promise<void>
  /** Cheap round trip proving storage is reachable (used by /readyz). */
  ping(): Promise<void>
  close(): Promise<void>

  /** Creates the room, its invites (hashed secrets), its first document update and its owner atomically. */
  createRoom(room: RoomRecord, invites: { role: Role; tokenHash: string }[], initial: UpdateRecord | null, owner?: RoomOwner): Promise<void>
  getRoom(id: string): Promise<RoomRecord | undefined>
  findInvite(tokenHash: string): Promise<{ roomId: string; role: Role } | undefined>
  /** The room's invites: hashed secrets and the role each one grants. */
  listInvites(roomId: string): Promise<{ tokenHash: string; role: Role }[]>
  /**
   * Role swap: the invites that granted role `a` now grant `b` and vice versa, atomically.
   * Secrets are unchanged, so everyone keeps their link.
   */
  swapInviteRoles(roomId: string, a: Role, b: Role): Promise<void>

  upsertParticipant(p: ParticipantRecord): Promise<void>
  listParticipants(roomId: string): Promise<ParticipantRecord[]>

  /**
   * Appends a batch (possibly of several rooms and documents) in one transaction: all or
   * nothing, and adds each room's bytes to its usage (`RoomUsage.logBytes`) in the same one.
   * Resolves with the id of the last row stored for each document of the batch, keyed by
   * `docKey(roomId, doc)`, and each room's log bytes after the batch (every node's writes).
   */
  appendUpdates(batch: UpdateRecord[]): Promise<AppendResult>
  /** Latest snapshot plus the updates after it, of one document of the room. */
  loadDocument(roomId: string, doc: DocName): Promise<LoadedDocument>
  /**
   * Replaces the room's snapshot. `data` must contain every stored update with id ≤
   * `lastUpdateId` (callers merge what they read from storage, so a node that missed another
   * node's update never writes a truncated snapshot). Updates stay in the log (the replay source).
   * A snapshot older than the current one is ignored.
   */
  writeSnapshot(roomId: string, doc: DocName, data: Uint8Array, lastUpdateId: number): Promise<void>
  /** One document's timestamped update log, oldest first. */
  listUpdates(roomId: string, doc: DocName, afterId?: number, limit?: number): Promise<StoredUpdate[]>
  /**
   * The rows of one document's log written between `from` and `to` (server time, ms, both
   * included), oldest first (by id), after `afterId`, at most `limit`: one round's part of the
   * log, returned without the rest of it (earlier rows are skipped by their time in the
   * document's id index, not returned).
   */
  listUpdatesBetween(roomId: string, doc: DocName, from: number, to: number, afterId: number, limit: number): Promise<StoredUpdate[]>

  /**
   * Timestamped room event log (clock, hints, ledger, notes…). Returns the new id. Refused with
   * TOO_LARGE when the room's log is at its quota (the store's RoomQuota).
   */
  appendEvent(e: RoomEventRecord): Promise<number>
  listEvents(roomId: string, afterId?: number): Promise<StoredRoomEvent[]>
  /**
   * The newest `limit` events of the given types, oldest first: one bounded read for what a
   * joiner needs (chat history, runs) instead of the whole log.
   */
  latestEvents(roomId: string, types: string[], limit: number): Promise<StoredRoomEvent[]>
  /**
   * Writes state documents and appends event-log entries in one transaction (one commit): a
   * change and the event recording it are stored together or not at all. With events, refused
   * as a whole with TOO_LARGE when they would take a room's log past its quota.
   */
  commit(change: { states?: StateRecord[]; events?: RoomEventRecord[] }): Promise<void>
  /** Small JSON state documents per room (e.g. the clock). */
  getState<T = unknown>(roomId: string, key: string): Promise<T | undefined>
  setState(roomId: string, key: string, value: unknown, updatedAt: number): Promise<void>

  /** The room's event-log usage and last activity; undefined for an unknown room. */
  roomUsage(roomId: string): Promise<RoomUsage | undefined>
  /**
   * Rooms whose last activity is before `before` (ms), at most `limit`, least recently active
   * first. A room with an owner (RoomOwner) is listed only once its owner has ended (cohort) or
   * closed (loop) before `before` too; a room whose owner record is gone counts as unowned.
   */
  listIdleRooms(before: number, limit: number): Promise<string[]>
  /** Deletes the room and everything stored for it (invites, participants, document, log, state). */
  deleteRoom(roomId: string): Promise<void>

  /** Creates a cohort unless `max` cohorts exist already; resolves false when full. */
  createCohort(c: CohortRecord, max: number): Promise<boolean>
  getCohort(id: string): Promise<CohortRecord | undefined>
  endCohort(id: string, at: number): Promise<void>
  /**
   * Adds students to a cohort's roster, all or none: none when the roster would exceed `max`
   * (resolves false) or a row conflicts (rejects). Positions continue after the current roster.
   */
  addStudents(cohortId: string, students: Omit<StudentRecord, 'position'>[], max: number): Promise<boolean>
  listStudents(cohortId: string): Promise<StudentRecord[]>
  findStudent(tokenHash: string): Promise<StudentRecord | undefined>
  /** Inserts or replaces a session; fails (resolves false) when the cohort has `max` sessions. */
  saveSession(s: SessionRecord, max: number): Promise<boolean>
  getSession(cohortId: string, id: string): Promise<SessionRecord | undefined>
  /** The cohort's newest session. */
  latestSession(cohortId: string): Promise<SessionRecord | undefined>
  /** Every session of the cohort, oldest first (bounded by the sessions-per-cohort limit). */
  listSessions(cohortId: string): Promise<SessionRecord[]>

  /**
   * Records loops assigned to a cohort's students, all or none: none when the cohort would hold
   * more than `max` (resolves false). Recorded before the loops are made, so the bound holds when
   * two assignments race; `removeCohortLoops` takes back the ones that could not be made.
   */
  addCohortLoops(cohortId: string, loops: CohortLoopRecord[], max: number): Promise<boolean>
  removeCohortLoops(cohortId: string, loopIds: string[]): Promise<void>
  /** The cohort's loops, oldest first (bounded by the loops-per-cohort limit). */
  listCohortLoops(cohortId: string): Promise<CohortLoopRecord[]>

  /** Creates a loop unless `max` loops exist already; resolves false when full. */
  createLoop(loop: LoopRecord, max: number): Promise<boolean>
  getLoop(id: string): Promise<LoopRecord | undefined>
  /** Replaces the loop's plan (rooms made later, such as a review's, are recorded in it). */
  saveLoopData(id: string, data: LoopData): Promise<void>
  closeLoop(id: string, at: number): Promise<void>
  /** Shares the loop's packet with its candidate (the first time counts). */
  shareLoopPacket(id: string, at: number): Promise<void>
  /** Stores a take-home submission unless one exists for that stage; resolves false if one did (it is never replaced). */
  addSubmission(s: SubmissionRecord): Promise<boolean>
  getSubmission(loopId: string, stage: number): Promise<SubmissionRecord | undefined>
  listSubmissions(loopId: string): Promise<SubmissionRecord[]>
}
