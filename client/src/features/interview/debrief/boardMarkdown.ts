/**
 * The debrief's Markdown (written by the server) with the board appended as an image link to
 * an SVG file downloaded beside it. A relative link to a file renders in GitHub, GitLab, VS Code
 * and Obsidian alike; an inline `data:` image would keep one file but GitHub strips it.
 */
export function withBoardSection(markdown: string, svgFile: string, roundEnded: boolean): string {
  const when = roundEnded ? 'as it is now (the room keeps one board for all its rounds)' : 'as it is now: the round is still running'
  return `${markdown.replace(/\s*$/, '')}\n\n## Board\n\nThe room's whiteboard, ${when}. The picture is the file \`${svgFile}\`; keep it beside this one.\n\n![The whiteboard](${encodeURI(svgFile)})\n`
}
