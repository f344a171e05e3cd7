/**
 * When to ask for fresh TURN credentials: after four fifths of their remaining lifetime (48 min
 * into the default hour), never sooner than 5 s from now. A call outlives its first credentials;
 * a TURN server refuses to refresh an allocation whose username has expired.
 */
export function turnRefreshDelay(expiresAt: number | null, now: number): number | null {
  if (expiresAt === null) return null
  return Math.max(5_000, Math.floor((expiresAt - now) * 0.8))
}
