export type Route =
  | { page: 'landing' }
  | { page: 'stories' }
  | { page: 'room'; roomId: string; debrief?: number }
  | { page: 'replay'; roomId: string; round: number }
  | { page: 'cohort'; cohortId: string }
  | { page: 'student'; cohortId: string }
  | { page: 'new-loop' }
  | { page: 'loop'; loopId: string }
  | { page: 'not-found' }

/** A cohort's organizer page and a student's personal link. */
const COHORT_PATH = /^\/(c|s)\/([A-Za-z0-9_-]{8,32})\/?$/
/** An interview loop's page (`/l/<id>#key=`). */
const LOOP_PATH = /^\/l\/([A-Za-z0-9_-]{8,32})\/?$/
const ROOM_PATH = /^\/r\/([A-Za-z0-9_-]{8,32})\/?$/
/** A round's debrief inside the room: `/r/<roomId>/debrief/<n>`. */
const DEBRIEF_PATH = /^\/r\/([A-Za-z0-9_-]{8,32})\/debrief\/([1-9][0-9]{0,3})\/?$/
/** A round's replay: `/r/<roomId>/replay/<n>` (and `?t=12:34` for a moment). */
const REPLAY_PATH = /^\/r\/([A-Za-z0-9_-]{8,32})\/replay\/([1-9][0-9]{0,3})\/?$/

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'landing' }
  if (pathname === '/stories' || pathname === '/stories/') return { page: 'stories' }
  if (pathname === '/loops/new' || pathname === '/loops/new/') return { page: 'new-loop' }
  const l = LOOP_PATH.exec(pathname)
  if (l) return { page: 'loop', loopId: l[1]! }
  const c = COHORT_PATH.exec(pathname)
  if (c) return { page: c[1] === 'c' ? 'cohort' : 'student', cohortId: c[2]! }
  const m = ROOM_PATH.exec(pathname)
  if (m) return { page: 'room', roomId: m[1]! }
  const d = DEBRIEF_PATH.exec(pathname)
  if (d) return { page: 'room', roomId: d[1]!, debrief: Number(d[2]) }
  const r = REPLAY_PATH.exec(pathname)
  if (r) return { page: 'replay', roomId: r[1]!, round: Number(r[2]) }
  return { page: 'not-found' }
}

/**
 * Invite URLs carry the server's PUBLIC_URL. "Open as…" should stay on the origin the user is
 * actually on (a dev server, a different hostname behind a proxy), so only path and fragment are kept.
 */
export function sameOriginHref(inviteUrl: string): string {
  try {
    const u = new URL(inviteUrl)
    return `${u.pathname}${u.hash}`
  } catch {
    return inviteUrl
  }
}

/**
 * A warning when the copied invite links (built from the server's PUBLIC_URL) point somewhere
 * else than the page the host is on, e.g. links to http://localhost:3000 while the host browses
 * at http://192.168.1.20:3000: friends would get links that do not work for them. Null when they match.
 */
export function inviteOriginWarning(inviteUrl: string, pageOrigin: string): string | null {
  let origin: string
  try {
    origin = new URL(inviteUrl).origin
  } catch {
    return null
  }
  if (origin === pageOrigin) return null
  const local = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|$)/.test(origin)
  return `The links below point to ${origin} (the server's PUBLIC_URL), not ${pageOrigin} where you are.` +
    (local ? ' They only work on the server\'s own machine: restart Nudge with PUBLIC_URL set to the address others will use.' : ' Check that others can reach that address.')
}
