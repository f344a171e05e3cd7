/**
 * Where Nudge is reached from: the base URL of invite links and the browser origins allowed to
 * open WebSockets and send state-changing requests. Only these origins, never the request's own
 * Host header: a DNS-rebinding page has Origin and Host both `evil.example`, so comparing the two
 * proves nothing (issue 15, finding 9).
 *
 * Without PUBLIC_URL the server is a local one: its URL is `http://localhost:<port>` and the
 * loopback names of that port are allowed. With port 0 the port is known only once the server
 * listens; `bound()` sets it, so invite links never say `localhost:0`.
 */
export class PublicSite {
  #url: string
  #origins: Set<string>
  constructor(private readonly opts: { publicUrl?: string; port: number; allowedOrigins: string[] }) {
    this.#url = ''
    this.#origins = new Set()
    this.#set(opts.port)
  }

  /** Base URL of links (no trailing slash). */
  get url(): string {
    return this.#url
  }

  /** Every allowed browser origin (scheme://host[:port]). */
  get origins(): string[] {
    return [...this.#origins]
  }

  /** Whether a request with this Origin header may proceed. No Origin: not a browser, allowed. */
  allows(origin: string | undefined): boolean {
    if (origin === undefined) return true
    return this.#origins.has(origin)
  }

  /** The port the server actually listens on (replaces port 0 of a default URL). */
  bound(port: number): void {
    if (!this.opts.publicUrl) this.#set(port)
  }

  #set(port: number) {
    const extra = this.opts.allowedOrigins.map(normalizeOrigin)
    if (this.opts.publicUrl) {
      this.#url = this.opts.publicUrl.replace(/\/+$/, '')
      this.#origins = new Set([new URL(this.#url).origin, ...extra])
    } else {
      this.#url = `http://localhost:${port}`
      this.#origins = new Set([`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`, ...extra])
    }
  }
}

/** `https://Example.org:443/` → `https://example.org` (how a browser writes the Origin header). */
export function normalizeOrigin(value: string): string {
  return new URL(value).origin
}
