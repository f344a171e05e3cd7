import { randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import { AppError, DOC, PARTICIPANT_COLORS, ROLES, type Language, type Role } from '@nudge/shared'
import type { ParticipantRecord, RoomOwner, RoomRecord, Store } from '../store/types.ts'
import { hashToken, newRoomId, newSecret, seatOf } from './invites.ts'

/** The document a room starts with; written once, by the server, when the room is created. */
export function initialDocument(language: Language, code = ''): Uint8Array {
  const doc = new Y.Doc()
  doc.transact(() => {
    doc.getMap(DOC.meta).set('language', language)
    if (code) doc.getText(DOC.text).insert(0, code.replace(/\r\n?/g, '\n'))
  })
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

export interface CreatedRoom {
  room: RoomRecord
  secrets: Record<Role, string>
}

/**
 * Rooms, invites and participants: plain domain logic over the store, no transport. A room is
 * its own concept (the interview, the documents and the call all belong to one), not part of the
 * interview domain.
 */
export class RoomService {
  constructor(private readonly store: Store, private readonly now: () => number = Date.now) {}

  async create(input: { title?: string; language?: Language }): Promise<CreatedRoom> {
    const secrets = Object.fromEntries(ROLES.map((r) => [r, newSecret()])) as Record<Role, string>
    const room = await this.createWith({ ...input, id: newRoomId(), invites: ROLES.map((role) => ({ role, secret: secrets[role] })) })
    return { room, secrets }
  }

  /**
   * A room whose invite secrets the caller chose (cohorts derive them, so a student's personal
   * link can lead into it), optionally with starter code. Several invites may grant one role.
   * `owner`: the cohort or loop it is made for (retention keeps it while that is open).
   */
  async createWith(input: {
    id: string; title?: string; language?: Language; code?: string; invites: { role: Role; secret: string }[]; owner?: RoomOwner
  }): Promise<RoomRecord> {
    const createdAt = this.now()
    const room: RoomRecord = { id: input.id, title: input.title ?? 'Mock interview', createdAt, epoch: randomBytes(6).toString('base64url') }
    await this.store.createRoom(
      room,
      input.invites.map((i) => ({ role: i.role, tokenHash: hashToken(i.secret) })),
      { roomId: room.id, doc: 'code', data: initialDocument(input.language ?? 'javascript', input.code), author: 'server', createdAt },
      input.owner,
    )
    return room
  }

  get(roomId: string): Promise<RoomRecord | undefined> {
    return this.store.getRoom(roomId)
  }

  /** Resolves an invite secret to its room and role; the secret itself is never stored. */
  async authenticate(roomId: string, token: string): Promise<{ room: RoomRecord; role: Role; seat: string }> {
    const tokenHash = hashToken(token)
    const invite = await this.store.findInvite(tokenHash)
    if (!invite) throw new AppError('UNAUTHORIZED')
    if (invite.roomId !== roomId) throw new AppError('FORBIDDEN', 'This invite link belongs to another room.')
    const room = await this.store.getRoom(roomId)
    if (!room) throw new AppError('NOT_FOUND', 'This room does not exist.')
    return { room, role: invite.role, seat: seatOf(tokenHash) }
  }

  /** Seat of each role now (one invite per role). */
  async seats(roomId: string): Promise<Partial<Record<Role, string>>> {
    const invites = await this.store.listInvites(roomId)
    return Object.fromEntries(invites.map((i) => [i.role, seatOf(i.tokenHash)]))
  }

  /** Records a participant's arrival; keeps their colour stable across visits. */
  async arrive(roomId: string, id: string, name: string, role: Role): Promise<ParticipantRecord> {
    const existing = (await this.store.listParticipants(roomId))
    const known = existing.find((p) => p.id === id)
    const now = this.now()
    const p: ParticipantRecord = known
      ? { ...known, name, role, lastSeenAt: now }
      : { roomId, id, name, role, color: pickColor(existing.map((e) => e.color)), createdAt: now, lastSeenAt: now }
    await this.store.upsertParticipant(p)
    return p
  }

  async rename(roomId: string, id: string, name: string): Promise<ParticipantRecord> {
    const p = (await this.store.listParticipants(roomId)).find((x) => x.id === id)
    if (!p) throw new AppError('NOT_FOUND')
    const next = { ...p, name, lastSeenAt: this.now() }
    await this.store.upsertParticipant(next)
    return next
  }

  async touch(roomId: string, id: string): Promise<ParticipantRecord | undefined> {
    const p = (await this.store.listParticipants(roomId)).find((x) => x.id === id)
    if (!p) return undefined
    const next = { ...p, lastSeenAt: this.now() }
    await this.store.upsertParticipant(next)
    return next
  }

  participants(roomId: string): Promise<ParticipantRecord[]> {
    return this.store.listParticipants(roomId)
  }
}

function pickColor(used: string[]): string {
  const free = PARTICIPANT_COLORS.find((c) => !used.includes(c))
  return free ?? PARTICIPANT_COLORS[used.length % PARTICIPANT_COLORS.length]!
}
