/**
 * Nudge documents use LF only. A CR in the shared text would make Monaco (which normalises line
 * endings in its model) and Yjs disagree about offsets, so remote edits land in the wrong place
 * (y-monaco #6, #27). CRLF and lone CR both become LF.
 */
export function normalizeEol(text: string): string {
  return text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n')
}
