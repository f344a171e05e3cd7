/**
 * The slice of the Web Storage API Nudge uses. Helpers take it as a parameter so they can be
 * tested with a Map, and so a browser that refuses storage (private modes, disabled cookies)
 * degrades to memory instead of throwing.
 */
export interface KeyValueStore {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export function memoryStore(): KeyValueStore {
  const map = new Map<string, string>()
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  }
}

function safe(get: () => Storage): KeyValueStore {
  let store: KeyValueStore
  try {
    const s = get()
    const probe = '__nudge_probe__'
    s.setItem(probe, '1')
    s.removeItem(probe)
    store = s
  } catch {
    return memoryStore()
  }
  // Quota errors must not break the app: the value simply isn't remembered.
  return {
    getItem: (k) => store.getItem(k),
    setItem: (k, v) => {
      try {
        store.setItem(k, v)
      } catch {
        /* full or disabled */
      }
    },
    removeItem: (k) => store.removeItem(k),
  }
}

let local: KeyValueStore | undefined
let session: KeyValueStore | undefined
export const localStore = (): KeyValueStore => (local ??= safe(() => window.localStorage))
export const sessionStore = (): KeyValueStore => (session ??= safe(() => window.sessionStorage))

/** Keys in one place so nothing else invents its own prefix. */
export const KEYS = {
  participantId: 'nudge:participant-id',
  displayName: 'nudge:display-name',
  token: (roomId: string) => `nudge:token:${roomId}`,
  joined: (roomId: string) => `nudge:joined:${roomId}`,
  roomCache: (roomId: string) => `nudge:room:${roomId}`,
  durable: (roomId: string) => `nudge:durable:${roomId}`,
  hintsRead: (roomId: string) => `nudge:hints-read:${roomId}`,
  /** Also read by public/theme.js before the first paint. */
  theme: 'nudge:theme',
} as const
