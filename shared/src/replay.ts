import { z } from 'zod'
import { Debrief } from './debrief.ts'

/**
 * Session replay (issue #18): a round's documents rebuilt from the update log, on the debrief's
 * timeline. The timeline, hints, questions, notes, runs and chat are the viewer's debrief (built
 * by the same code, so a replay can never show more than the debrief does); the document updates
 * are what everyone in the room saw live (observers read the same documents).
 */

/** Updates per page of `GET …/replay/updates`: a big round loads in steps, with progress. */
export const REPLAY_PAGE_SIZE = 2000

/** `t` in a replay link: `12:34`, `1:02:03` or whole seconds (`754`). */
export const ReplayTime = z
  .string()
  .regex(/^(\d{1,3}:)?\d{1,3}(:\d{2})?$/, 'Use mm:ss, h:mm:ss or seconds, e.g. t=12:34')
  .transform((s) => s.split(':').reduce((acc, part) => acc * 60 + Number(part), 0) * 1000)

/** Formats ms into the `t` of a link (`12:34`, `1:02:03`). */
export function formatReplayTime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(s / 3600)
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h > 0 ? 2 : 1, '0')
  const ss = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`
}

export const ReplayAuthor = z.object({
  /** Participant id, or `server` for what the server wrote (starter code). */
  id: z.string(),
  name: z.string(),
  color: z.string(),
})
export type ReplayAuthor = z.infer<typeof ReplayAuthor>

export const ReplayDocInfo = z.object({
  /** The document as it was when the round started (base64 Yjs update), empty when it was new. */
  base: z.string(),
  /** Stored updates of this document inside the round. */
  updates: z.number().int(),
  /** Pass as `after` to fetch the first page of the round's updates. */
  after: z.number().int(),
})
export type ReplayDocInfo = z.infer<typeof ReplayDocInfo>

export const ReplayMeta = z.object({
  /** The viewer's debrief of this round (without the board picture: the board is replayed). */
  debrief: Debrief,
  /** Wall-clock range of the round (ms since epoch); replay time 0 is `startAt`. */
  startAt: z.number(),
  endAt: z.number(),
  /** The `t` asked for, in ms from `startAt` (validated against the round), or null. */
  t: z.number().int().nullable(),
  authors: z.array(ReplayAuthor),
  code: ReplayDocInfo,
  /** Null when nothing was drawn on the board during the round. */
  board: ReplayDocInfo.nullable(),
})
export type ReplayMeta = z.infer<typeof ReplayMeta>

export const ReplayUpdate = z.object({
  id: z.number().int(),
  /** Server time the update was received (ms since epoch). */
  at: z.number(),
  author: z.string(),
  /** base64 Yjs update. */
  data: z.string(),
})
export type ReplayUpdate = z.infer<typeof ReplayUpdate>

export const ReplayPage = z.object({
  updates: z.array(ReplayUpdate),
  /** Pass as `after` for the next page; null when this was the last. */
  next: z.number().int().nullable(),
})
export type ReplayPage = z.infer<typeof ReplayPage>
