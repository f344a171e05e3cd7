/** Helpers shared by the Markdown debrief's parts. */

/** Milliseconds as m:ss. */
export const mmss = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/** Keeps user text from breaking the table or the list it sits in. */
export const cell = (s: string) => s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')
