import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import fp from 'fastify-plugin'
import { AppError } from '@nudge/shared'
import { PublicSite } from '../site/public-site.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The public URL (invite links) and the browser origins allowed in. */
    site: PublicSite
  }
}

export interface SitePluginOptions {
  /** PUBLIC_URL, if configured. */
  publicUrl?: string
  port: number
  /** ALLOWED_ORIGINS. */
  allowedOrigins: string[]
}

/** Requests that only read; every other method changes state and needs an allowed Origin. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const REFUSED = 'This page’s origin is not allowed. Open Nudge at its PUBLIC_URL (or add the origin to ALLOWED_ORIGINS).'

/**
 * Cross-site request checks in one place (issue 15, finding 9): every WebSocket upgrade (/yjs
 * and /socket.io) and every state-changing HTTP request from a browser must come from an
 * allowed origin. A request without Origin is not a browser's (curl, API clients) and is let
 * through to its own authentication.
 */
export default fp<SitePluginOptions>(
  async (app, opts) => {
    const site = new PublicSite(opts)
    app.decorate('site', site)

    app.addHook('onListen', async () => {
      const address = app.server.address()
      if (address && typeof address === 'object') site.bound((address as AddressInfo).port)
    })

    app.addHook('onRequest', async (request) => {
      if (SAFE_METHODS.has(request.method)) return
      if (!site.allows(request.headers.origin)) throw new AppError('FORBIDDEN', REFUSED)
    })

    // Prepended, so it runs before the collab endpoint's and Socket.IO's own upgrade listeners.
    // A refused upgrade is answered 403 here; the later listeners find the socket ended (ws and
    // engine.io then drop it) and any write of theirs fails into the no-op error listener
    // instead of an unhandled 'error' event.
    const gate = (req: IncomingMessage, socket: Duplex) => {
      if (site.allows(req.headers.origin)) return
      socket.on('error', () => {})
      const body = JSON.stringify({ code: 'FORBIDDEN', message: REFUSED })
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
    }
    app.server.prependListener('upgrade', gate)
    app.addHook('onClose', async () => {
      app.server.off('upgrade', gate)
    })
  },
  { name: 'site' },
)
