import type { Participant, Role } from '@nudge/shared'

const ROLE_ORDER: Record<Role, number> = { interviewer: 0, candidate: 1, observer: 2 }

/** Replace-or-add by id; presence updates carry the whole participant. */
export function upsertParticipant(list: readonly Participant[], p: Participant): Participant[] {
  const i = list.findIndex((x) => x.id === p.id)
  if (i === -1) return [...list, p]
  const next = list.slice()
  next[i] = p
  return next
}

/** Online first, then interviewer → candidate → observer, then by name. */
export function sortParticipants(list: readonly Participant[]): Participant[] {
  return list
    .slice()
    .sort(
      (a, b) =>
        Number(b.online) - Number(a.online) ||
        ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
        a.name.localeCompare(b.name) ||
        a.id.localeCompare(b.id),
    )
}

/** What someone's presence change means for the others in words, or null when nothing changed. */
export function presenceChange(before: Participant | undefined, after: Participant): string | null {
  const who = after.role === 'candidate' ? after.name : `${after.name} (${after.role})`
  if (after.online && !before?.online) return `${who} joined`
  if (!after.online && before?.online) return `${who} left`
  return null
}
