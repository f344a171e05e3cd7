import { KEYS, type KeyValueStore } from './storage.ts'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'

/** URL-safe random id; 64 symbols means each byte maps without modulo bias. */
export function randomId(length = 22): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  let out = ''
  for (const b of bytes) out += ALPHABET[b & 63]
  return out
}

const PARTICIPANT_ID = /^[A-Za-z0-9_-]{16,64}$/

/**
 * One id per browser, so a reload or a second tab is recognised as the same person rather
 * than a new participant. A stored value that isn't well-formed is replaced.
 */
export function getParticipantId(store: KeyValueStore): string {
  const existing = store.getItem(KEYS.participantId)
  if (existing && PARTICIPANT_ID.test(existing)) return existing
  const id = randomId(22)
  store.setItem(KEYS.participantId, id)
  return id
}
