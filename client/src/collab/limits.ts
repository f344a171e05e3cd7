import { LIMITS } from '@nudge/shared'

/**
 * The server closes a frame over LIMITS.yjsFrameBytes, and the provider would resend the same
 * update after every reconnect: refuse such a paste up front. UTF-8 needs at most 3 bytes per
 * UTF-16 code unit; the margin covers the message framing.
 */
export const MAX_PASTE_CHARS = Math.floor(LIMITS.yjsFrameBytes / 3) - 4096

/** Whether a paste may be applied; returns the reason if not. */
export function pasteRefusal(pasteLength: number, docLength: number): string | null {
  if (pasteLength > MAX_PASTE_CHARS) {
    return `That paste is too large to share (${Math.round(pasteLength / 1024)} KB; the limit is ${Math.round(MAX_PASTE_CHARS / 1024)} KB).`
  }
  if (pasteLength + docLength > LIMITS.documentBytes) return 'The document would be over its size limit; the paste was not applied.'
  return null
}
