import type { Debrief } from '@nudge/shared'

/**
 * The debrief's Markdown (written by the server) with the board appended as an image link to
 * an SVG file downloaded beside it. A relative link to a file renders in GitHub, GitLab, VS Code
 * and Obsidian alike; an inline `data:` image would keep one file but GitHub strips it.
 */
export function withBoardSection(markdown: string, svgFile: string, d: Pick<Debrief, 'boardCapture' | 'round'>): string {
  return `${markdown.replace(/\s*$/, '')}\n\n## Board\n\n${boardCaption(d)} The picture is the file \`${svgFile}\`; keep it beside this one.\n\n![The whiteboard](${encodeURI(svgFile)})\n`
}

/** Which board the debrief shows, in a sentence (the page and the Markdown say the same). */
export function boardCaption({ boardCapture, round }: Pick<Debrief, 'boardCapture' | 'round'>): string {
  switch (boardCapture.kind) {
    case 'round':
      return `The whiteboard as round ${round.n} left it (kept when the next round began${boardCapture.capturedAt ? `, ${new Date(boardCapture.capturedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : ''}).`
    case 'live':
      return round.endedAt !== null ? 'The whiteboard as it is now (it is kept for this round when the next round begins).' : 'The whiteboard as it is now: the round is still running.'
    case 'room':
      return "The room's whiteboard as it is now: this round was recorded before boards were kept per round, so it may show later rounds' drawing."
  }
}
