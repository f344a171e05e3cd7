import { z } from 'zod'

/**
 * A replay-free summary of who typed when in a round's code (issue #18): what the Markdown and
 * JSON debrief exports carry instead of the update log itself. Times are ms since epoch.
 */
export const DebriefActivity = z.object({
  authors: z.array(z.object({
    name: z.string(),
    /** Stored edits (update-log rows) in the round. */
    edits: z.number().int(),
    firstAt: z.number(),
    lastAt: z.number(),
  })),
  /** Single edits that inserted many characters at once. */
  pastes: z.array(z.object({ at: z.number(), name: z.string(), chars: z.number().int() })),
  /** The longest time without any edit after the first one, and when it began. */
  longestPause: z.object({ at: z.number(), ms: z.number().int() }).nullable(),
})
export type DebriefActivity = z.infer<typeof DebriefActivity>

/** An edit that inserts at least this many characters is reported as a paste. */
export const PASTE_CHARS = 80
