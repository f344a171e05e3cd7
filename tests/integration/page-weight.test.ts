import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PYODIDE_VERSION } from '@nudge/server/routes/runner.ts'
import { startServer, type TestServer } from '../utils/server.ts'

// Page weight (issue #14 item 12): the built client (`pnpm build`) is sent compressed and the
// hashed assets are cached for good, while the security headers stay as they were.
const dist = fileURLToPath(new URL('../../client/dist/', import.meta.url))

describe('serving the built client', () => {
  let s: TestServer
  let script: string
  beforeAll(async () => {
    s = await startServer({ shared: true })
    const html = readFileSync(join(dist, 'index.html'), 'utf8')
    script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!
  })
  afterAll(() => s?.stop())

  const get = (url: string, encoding?: string) =>
    s.app.inject({ method: 'GET', url, headers: encoding === undefined ? {} : { 'accept-encoding': encoding } })

  it('sends a JavaScript asset brotli- or gzip-compressed when accepted, cached as immutable', async () => {
    const raw = readFileSync(join(dist, script))
    const br = await get(script, 'gzip, deflate, br')
    expect(br.statusCode).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers['content-type']).toMatch(/javascript/)
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i)
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(br.rawPayload.length).toBeLessThan(raw.length / 2)
    expect(brotliDecompressSync(br.rawPayload).equals(raw)).toBe(true)

    const gz = await get(script, 'gzip')
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.rawPayload).equals(raw)).toBe(true)

    // No Accept-Encoding (or br refused with q=0 and nothing else): the plain file.
    for (const plain of [await get(script), await get(script, 'br;q=0, identity')]) {
      expect(plain.headers['content-encoding']).toBeUndefined()
      expect(plain.rawPayload.equals(raw)).toBe(true)
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    }
  })

  it('revalidates index.html on every load, on / and on room links, with the security headers intact', async () => {
    for (const url of ['/', '/r/some-room', '/index.html']) {
      const res = await get(url, 'br, gzip')
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['cache-control'], url).toBe('no-cache')
      expect(res.headers['content-type'], url).toMatch(/text\/html/)
      expect(res.headers['content-security-policy'], url).toMatch(/default-src 'self'/)
      expect(res.headers['x-frame-options'], url).toBe('DENY')
      expect(res.headers['referrer-policy'], url).toBe('no-referrer')
      expect(res.headers['x-content-type-options'], url).toBe('nosniff')
    }
    // The hashed assets keep the security headers too.
    const asset = await get(script, 'br')
    expect(asset.headers['content-security-policy']).toMatch(/default-src 'self'/)
  })

  it("sends the code runner's Python (Pyodide) compressed: the 8 MB interpreter as about 3 MB", async () => {
    const url = `/runner/pyodide/${PYODIDE_VERSION}/pyodide.asm.wasm`
    const plain = await get(url)
    expect(plain.statusCode).toBe(200)
    expect(plain.headers['content-encoding']).toBeUndefined()
    const br = await get(url, 'gzip, br')
    expect(br.statusCode).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers['content-type']).toBe('application/wasm')
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i)
    expect(br.headers['access-control-allow-origin']).toBe('*')
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2)
    expect(brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true)
    const gz = await get(url, 'gzip')
    expect(gz.headers['content-encoding']).toBe('gzip')
  })
})
