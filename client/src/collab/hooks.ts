import { useCallback, useSyncExternalStore } from 'react'
import { Language } from '@nudge/shared'
import type { CollabSession } from './session.ts'
import type { CollabStatus, StatusStore } from './status.ts'

export function useCollabStatus(store: StatusStore): CollabStatus {
  return useSyncExternalStore(store.subscribe, store.getSnapshot)
}

/** The room's language lives in the shared doc (`meta.language`), so the selector is synced. */
export function useDocLanguage(session: CollabSession | null): Language | null {
  const subscribe = useCallback(
    (cb: () => void) => {
      if (!session) return () => {}
      const meta = session.meta
      meta.observe(cb)
      return () => meta.unobserve(cb)
    },
    [session],
  )
  const get = useCallback(() => {
    const parsed = Language.safeParse(session?.meta.get('language'))
    return parsed.success ? parsed.data : null
  }, [session])
  return useSyncExternalStore(subscribe, get)
}
