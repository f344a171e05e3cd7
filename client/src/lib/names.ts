import { LIMITS } from '@nudge/shared/basics'
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

/**
 * Up to two initials for an avatar, from the words that hold letters or digits: punctuation and
 * brackets never show ("Alice (interviewer)" → "AI", "J.-P. Sartre" → "JS"; one word gives its first two letters).
 */
export function initials(name: string): string {
  const words = name.split(/\s+/).map((w) => [...w].filter((ch) => /[\p{L}\p{N}]/u.test(ch)).join('')).filter(Boolean)
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!].map((w) => [...w][0]) : [...(words[0] ?? '?')].slice(0, 2)
  return letters.join('').toUpperCase()
}
