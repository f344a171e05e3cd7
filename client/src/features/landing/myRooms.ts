import type { ClockStatus, Role } from '@nudge/shared'
import { ROLE_INFO } from '../../lib/roles.ts'
import type { KeyValueStore } from '../../lib/storage.ts'

/**
 * "My rooms": the rooms this browser created or joined, kept in localStorage only. The server
 * has no list of rooms (nothing reveals a room to someone without its secret); invite links are
 * kept only for rooms created here, because only the creating browser ever saw them.
 */
export interface MyRoom {
  id: string
  title: string
  /** The role this browser last held there; null for a room created here and not yet opened. */
  role: Role | null
  /** Invite links, when this browser created the room. */
  invites: Record<Role, string> | null
  lastActivity: number
  /** The round shown when last here. */
  round: { n: number; status: ClockStatus } | null
}

const KEY = 'nudge:my-rooms'
/** Oldest entries fall off past this many. */
export const MY_ROOMS_MAX = 50

export function listMyRooms(store: KeyValueStore): MyRoom[] {
  try {
    const parsed: unknown = JSON.parse(store.getItem(KEY) ?? '[]')
    return Array.isArray(parsed) ? (parsed as MyRoom[]).filter((r) => typeof r?.id === 'string' && typeof r.title === 'string') : []
  } catch {
    return []
  }
}

/** Adds or updates a room (fields given win), most recent first. */
export function rememberRoom(store: KeyValueStore, entry: Partial<MyRoom> & { id: string }, now: number): MyRoom[] {
  const all = listMyRooms(store)
  const old = all.find((r) => r.id === entry.id)
  const merged: MyRoom = {
    title: 'Mock interview', role: null, invites: null, round: null, ...old, ...entry, lastActivity: now,
    // A known value is never replaced by "unknown".
    ...(entry.invites === null && old?.invites ? { invites: old.invites } : {}),
  }
  const next = [merged, ...all.filter((r) => r.id !== entry.id)].slice(0, MY_ROOMS_MAX)
  store.setItem(KEY, JSON.stringify(next))
  return next
}

export function forgetRoom(store: KeyValueStore, id: string): MyRoom[] {
  const next = listMyRooms(store).filter((r) => r.id !== id)
  store.setItem(KEY, JSON.stringify(next))
  return next
}

/** The line under a room's name: the role held there, the round and when it was last open. */
export function describeMyRoom(r: MyRoom, locale?: string): string {
  const when = new Date(r.lastActivity).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })
  return `${r.role ? ROLE_INFO[r.role].label : 'Created here'} · ${r.round ? `round ${r.round.n}, ${r.round.status}` : 'not started'} · ${when}`
}
