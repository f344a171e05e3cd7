/**
 * Negotiation trace for debugging (peer creation and close, negotiationneeded, offers sent or
 * ignored, signals dropped): on when `window.__nudgeCallDebug` is true (the e2e sets it and
 * collects the console) or `localStorage['nudge:debug-call']` is '1'.
 */
export function callDebug(...args: unknown[]) {
  const w = globalThis as { __nudgeCallDebug?: boolean; localStorage?: Storage }
  let on = w.__nudgeCallDebug === true
  if (!on) {
    try {
      on = w.localStorage?.getItem('nudge:debug-call') === '1'
    } catch {
      on = false
    }
  }
  if (on) console.debug('[call]', ...args)
}
