/**
 * Waits for a condition without sleeping blindly: re-checks on every macrotask turn until it
 * holds or the timeout passes, then fails with the description.
 */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await check()
      if (v !== undefined && v !== false) return v
    } catch (err) {
      last = err
    }
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** Resolves with the args of the next `event` on an emitter-like object. */
export function nextEvent<T = unknown>(emitter: { once(ev: string, fn: (...a: any[]) => void): unknown }, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`Timed out waiting for event ${event}`)), timeoutMs)
    emitter.once(event, (arg: T) => {
      clearTimeout(t)
      resolve(arg)
    })
  })
}
