/** Durations as people read them: countdowns, elapsed times, plans. */

/** `m:ss`, or `h:mm:ss` from an hour up. Takes whole seconds. */
export function formatSeconds(totalSeconds: number): string {
  const s = Math.max(0, Math.trunc(totalSeconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`
}

/** Elapsed time, rounded down: `12:04`. */
export const formatElapsed = (ms: number): string => formatSeconds(Math.floor(Math.max(0, ms) / 1000))

/**
 * A countdown rounds *up*: with 0.4 s left it still shows 0:01, so 0:00 appears exactly when time
 * is up, as on any kitchen timer. Overtime counts up from there and rounds down: `+0:05`.
 */
export function formatRemaining(ms: number): string {
  if (ms > 0) return formatSeconds(Math.ceil(ms / 1000))
  const over = Math.floor(-ms / 1000)
  return over === 0 ? '0:00' : `+${formatSeconds(over)}`
}

/** "5 min", "1 h 30 min", "45 s" for plans and durations. */
export function formatMinutes(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`
  // Short plans keep their half minutes ("1 min 30 s"); longer ones round to the minute.
  const seconds = Math.round(ms / 1000) % 60
  if (ms < 10 * 60_000 && seconds) return `${Math.floor(ms / 60_000)} min ${seconds} s`
  const total = Math.round(ms / 60_000)
  const h = Math.floor(total / 60)
  const m = total % 60
  return h > 0 ? (m ? `${h} h ${m} min` : `${h} h`) : `${m} min`
}

/** Words for screen readers: "4 minutes 5 seconds". */
export function spokenDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000)
  const m = Math.floor(s / 60)
  const sec = s % 60
  const parts: string[] = []
  if (m) parts.push(`${m} minute${m === 1 ? '' : 's'}`)
  if (sec || !m) parts.push(`${sec} second${sec === 1 ? '' : 's'}`)
  return parts.join(' ')
}
