import { useCallback, useEffect, useState } from 'react'
import { parseRoute } from '../../lib/route.ts'

/**
 * Which round's debrief is open, mirrored in the address bar (`/r/<room>/debrief/<n>`), so the
 * browser's Back button closes it and a reload reopens it. The room stays connected underneath.
 */
export function useDebriefRoute(roomId: string, initial: number | null) {
  const [round, setRound] = useState<number | null>(initial)
  useEffect(() => {
    const onPop = () => {
      const r = parseRoute(window.location.pathname)
      setRound(r.page === 'room' && r.roomId === roomId ? (r.debrief ?? null) : null)
    }
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [roomId])

  const open = useCallback(
    (n: number) => {
      const url = `/r/${roomId}/debrief/${n}`
      const state = window.history.state as { nudgeDebrief?: boolean } | null
      // Switching rounds inside the debrief replaces the entry: Back always returns to the room.
      if (state?.nudgeDebrief) window.history.replaceState({ nudgeDebrief: true }, '', url)
      else window.history.pushState({ nudgeDebrief: true }, '', url)
      setRound(n)
    },
    [roomId],
  )

  const close = useCallback(() => {
    const state = window.history.state as { nudgeDebrief?: boolean } | null
    if (state?.nudgeDebrief) {
      window.history.back()
    } else {
      // Opened directly from a link: there is no room entry behind it to go back to.
      window.history.replaceState(null, '', `/r/${roomId}`)
      setRound(null)
    }
  }, [roomId])

  return { round, open, close }
}
