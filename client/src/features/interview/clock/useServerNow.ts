import { useEffect, useState } from 'react'
import type { ClockState } from '@nudge/shared'
import { msUntilNextTick } from './format.ts'

/**
 * The server's time as this browser estimates it (`Date.now() + offset`), refreshed exactly when
 * the clock's displayed second changes: a timer sleeps until then and the update is painted in
 * the next animation frame. A paused, idle or ended clock doesn't tick at all.
 */
export function useServerNow(clock: ClockState, offsetMs: number): number {
  const [now, setNow] = useState(() => Date.now() + offsetMs)
  useEffect(() => {
    let timer: number | undefined
    let frame: number | undefined
    const tick = () => {
      const n = Date.now() + offsetMs
      setNow(n)
      const wait = msUntilNextTick(clock, n)
      if (wait !== Infinity) timer = window.setTimeout(() => (frame = requestAnimationFrame(tick)), wait)
    }
    tick()
    // A tab in the background gets no frames; catch up as soon as it is visible again.
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return
      window.clearTimeout(timer)
      if (frame !== undefined) cancelAnimationFrame(frame)
      tick()
    }
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      window.clearTimeout(timer)
      if (frame !== undefined) cancelAnimationFrame(frame)
      document.removeEventListener('visibilitychange', onVisible)
    }
  }, [clock, offsetMs])
  return now
}
