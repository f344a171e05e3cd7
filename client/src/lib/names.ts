import { LIMITS } from '@nudge/shared'
import { KEYS, type KeyValueStore } from './storage.ts'

export function cleanName(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim().slice(0, LIMITS.displayName)
}

export function savedName(store: KeyValueStore): string {
  return cleanName(store.getItem(KEYS.displayName) ?? '')
}

export function rememberName(store: KeyValueStore, name: string): void {
  const clean = cleanName(name)
  if (clean) store.setItem(KEYS.displayName, clean)
}
