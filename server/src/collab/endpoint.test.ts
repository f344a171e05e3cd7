import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyBaseLogger } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { PublicSite } from '../site/public-site.ts'
import { attachYjsEndpoint } from './endpoint.ts'
import { Tickets } from './tickets.ts'

const noop = () => {}
const silent = { info: noop, warn: noop, error: noop, debug: noop, trace: noop, fatal: noop, level: 'silent', silent: noop, child: () => silent } as unknown as FastifyBaseLogger

const servers: (() => void)[] = []
afterEach(() => servers.splice(0).forEach((close) => close()))

/** The endpoint alone on an HTTP server, gated by a site whose only origin is nudge.example. */
async function endpoint() {
  const site = new PublicSite({ publicUrl: 'https://nudge.example', port: 0, allowedOrigins: [] })
  const server = createServer()
  const yjs = attachYjsEndpoint(server, {
    connect: () => { throw new Error('not reached') },
    tickets: new Tickets('secret'),
    authenticate: async () => ({ role: 'candidate' }),
    log: silent,
    allowsOrigin: (origin) => site.allows(origin),
    sendQueueBytes: 1024,
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  servers.push(() => (yjs.close(), server.close()))
  return (server.address() as AddressInfo).port
}

/** The HTTP status an upgrade to /yjs/<room> is answered with. */
function upgrade(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      port, host: '127.0.0.1', path: '/yjs/room-abcdef123456',
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    })
    req.on('response', (res) => resolve(res.statusCode ?? 0))
    req.on('upgrade', (res) => resolve(res.statusCode ?? 0))
    req.on('error', reject)
    req.end()
  })
}

describe('Yjs endpoint origin check', () => {
  it('uses the site’s gate only: a DNS-rebinding page (Origin and Host both evil) is refused', async () => {
    const port = await endpoint()
    expect(await upgrade(port, { Origin: 'http://evil.example', Host: 'evil.example' })).toBe(403)
    // An allowed origin and a non-browser client go on to the credential check (no token: 401).
    expect(await upgrade(port, { Origin: 'https://nudge.example' })).toBe(401)
    expect(await upgrade(port, {})).toBe(401)
  })
})
