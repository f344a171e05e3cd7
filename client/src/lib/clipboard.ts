/**
 * Copying a link to the clipboard, shared by the React copy buttons and the landing page's
 * plain-DOM ones: what is tried, what a screen reader is told, and when the button resets.
 */
export type CopyState = 'idle' | 'copied' | 'failed'

/** How long "Copied" (or the failure hint) stays before the button reads "Copy" again. */
export const COPY_RESET_MS = 2000

/** The polite status line's text for each state. */
export const COPY_STATUS: Record<CopyState, string> = {
  idle: '',
  copied: 'Link copied to the clipboard',
  failed: 'Could not copy: the link is selected, press Ctrl+C',
}

/** The visible text beside the button when copying failed. */
export const COPY_FAILED_HINT = 'Press Ctrl+C to copy'

/** Copies `text`; resolves whether it worked. */
export async function copyText(text: string, inputId: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    // The async Clipboard API needs a secure context (https or localhost); fall back to
    // selecting the field and the legacy copy command.
    const input = document.getElementById(inputId) as HTMLInputElement | null
    if (!input) return false
    input.focus()
    input.select()
    try {
      return document.execCommand('copy')
    } catch {
      return false
    }
  }
}
