import { KEYS, type KeyValueStore } from './storage.ts'

/** Reads `token` from a URL fragment like `#token=abc` (other fragment params are kept intact). */
export function readFragmentToken(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const token = params.get('token')
  return token && token.length > 0 ? token : null
}

/** The fragment without `token`; '' when nothing else was in it. */
export function stripFragmentToken(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  params.delete('token')
  const rest = params.toString()
  return rest ? `#${rest}` : ''
}

export interface TokenStores {
  /** Per tab: survives reloads of this tab. */
  session: KeyValueStore
  /** Per browser: lets a closed and reopened tab rejoin. */
  local: KeyValueStore
}

export interface ResolvedToken {
  token: string | null
  /** The address-bar fragment to replace the current one with, or null if it needs no change. */
  cleanedHash: string | null
}

/**
 * The invite secret arrives in the fragment (never sent to the server). It is moved into
 * storage and removed from the address bar so a copied URL doesn't leak the role; a fresh
 * fragment always wins over a remembered token (someone may open a different role's link).
 */
export function resolveRoomToken(roomId: string, hash: string, stores: TokenStores): ResolvedToken {
  const fromFragment = readFragmentToken(hash)
  if (fromFragment) {
    stores.session.setItem(KEYS.token(roomId), fromFragment)
    stores.local.setItem(KEYS.token(roomId), fromFragment)
    return { token: fromFragment, cleanedHash: stripFragmentToken(hash) }
  }
  const remembered = stores.session.getItem(KEYS.token(roomId)) ?? stores.local.getItem(KEYS.token(roomId))
  return { token: remembered, cleanedHash: null }
}

/** Called when the server rejects the secret, so a dead link isn't retried on every visit. */
export function forgetRoomToken(roomId: string, stores: TokenStores): void {
  stores.session.removeItem(KEYS.token(roomId))
  stores.local.removeItem(KEYS.token(roomId))
}
