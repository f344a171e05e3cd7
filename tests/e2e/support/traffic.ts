import type { Page } from 'playwright-core'

/**
 * Everything a page receives from the network, recorded from before its first request: every
 * WebSocket frame (Socket.IO and Yjs; binary frames decoded as latin1 so ASCII canaries show) and
 * every HTTP response body. The privacy step searches it for text the page must never get.
 */
export function recordTraffic(page: Page) {
  const frames: string[] = []
  const bodies: { url: string; text: string }[] = []
  /** What the page sent: WebSocket frames and request bodies (story text must not leave unshared). */
  const sent: string[] = []
  const pending = new Set<Promise<void>>()
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => frames.push(typeof payload === 'string' ? payload : payload.toString('utf8')))
    ws.on('framesent', ({ payload }) => sent.push(typeof payload === 'string' ? payload : payload.toString('utf8')))
  })
  page.on('request', (req) => {
    const body = req.postData()
    sent.push(`${req.method()} ${req.url()}${body ? `\n${body}` : ''}`)
  })
  page.on('response', (res) => {
    const p = res
      .body()
      .then((b) => void bodies.push({ url: res.url(), text: b.toString('utf8') }))
      // Redirects and aborted requests have no body.
      .catch(() => {})
      .finally(() => pending.delete(p))
    pending.add(p)
  })
  return {
    frames,
    bodies,
    sent,
    /** Where `needle` occurs in what the page sent so far. */
    findSent(needle: string): string[] {
      return sent.filter((f) => f.includes(needle)).map((f) => f.slice(0, 200))
    },
    /** Where `needle` occurs in what the page received so far (after pending bodies are read). */
    async find(needle: string): Promise<string[]> {
      await Promise.all(pending)
      const hits: string[] = []
      frames.forEach((f, i) => f.includes(needle) && hits.push(`WebSocket frame #${i}: ${f.slice(0, 200)}`))
      for (const b of bodies) if (b.text.includes(needle)) hits.push(`HTTP body of ${b.url}`)
      return hits
    },
  }
}
