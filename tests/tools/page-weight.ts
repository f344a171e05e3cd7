/**
 * Page weight (issue #14 item 12): builds the client, serves it with the real server, and measures
 * with headless Chromium (Chrome DevTools Protocol) what the landing page and a room download:
 * bytes on the wire (compressed, headers included) and decoded bytes, cold and warm (reload).
 * Writes docs/page-weight.md.
 *
 *   pnpm weight              (from the repository root; add -- --no-build to reuse client/dist)
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { chromium, type Page } from 'playwright-core'
import { buildApp } from '@nudge/server'
import { loadConfig } from '@nudge/server/config.ts'
import { PYODIDE_VERSION } from '@nudge/server/routes/runner.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const OUT = join(ROOT, 'docs', 'page-weight.md')

interface Load { requests: number; wire: number; decoded: number; js: number; tsWorker: boolean; biggest: [string, number][] }

/** Counts every response the page receives while `action` runs and the network then goes idle. */
async function measure(page: Page, action: () => Promise<void>): Promise<Load> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  const urls = new Map<string, string>()
  const wire = new Map<string, number>()
  const decoded = new Map<string, number>()
  let last = Date.now()
  cdp.on('Network.responseReceived', (e) => { last = Date.now(); urls.set(e.requestId, e.response.url) })
  cdp.on('Network.dataReceived', (e) => decoded.set(e.requestId, (decoded.get(e.requestId) ?? 0) + e.dataLength))
  cdp.on('Network.loadingFinished', (e) => { last = Date.now(); wire.set(e.requestId, e.encodedDataLength) })
  await action()
  // A room keeps its Socket.IO connection open, so "network idle" never comes: wait instead until
  // no response has arrived for 2 s (at most 30 s).
  const start = Date.now()
  while (Date.now() - last < 2000 && Date.now() - start < 30_000) await new Promise((r) => setTimeout(r, 250))
  await cdp.detach()
  const load: Load = { requests: 0, wire: 0, decoded: 0, js: 0, tsWorker: false, biggest: [] }
  for (const [id, url] of urls) {
    if (!url.startsWith('http')) continue
    const bytes = wire.get(id) ?? 0
    load.requests++
    load.wire += bytes
    load.decoded += decoded.get(id) ?? 0
    const path = new URL(url).pathname
    if (/\.m?js$/.test(path)) load.js += bytes
    if (/ts\.worker/.test(path)) load.tsWorker = true
    load.biggest.push([path, bytes])
  }
  load.biggest = load.biggest.sort((a, b) => b[1] - a[1]).slice(0, 5)
  return load
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`

async function main() {
  if (!process.argv.includes('--no-build')) {
    const b = spawnSync('node', ['scripts/client-build.mjs'], { cwd: ROOT, stdio: 'inherit' })
    if (b.status !== 0) process.exit(b.status ?? 1)
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'nudge-weight-'))
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' })
  const app = await buildApp(config, { logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const rows: [string, Load][] = []
  try {
    const context = await browser.newContext()
    const page = await context.newPage()
    rows.push(['Landing page, first visit', await measure(page, async () => { await page.goto(base) })])
    rows.push(['Landing page, second visit (reload)', await measure(page, async () => { await page.reload() })])
    await context.close()

    for (const language of ['python', 'typescript'] as const) {
      const res = await fetch(`${base}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Weight', language }) })
      const room = (await res.json()) as { invites: { candidate: string } }
      const invite = new URL(room.invites.candidate)
      const ctx = await browser.newContext()
      const p = await ctx.newPage()
      // A fresh browser: the room link opened directly, name typed, editor shown.
      rows.push([`Room (${language}), first visit, joined with the editor shown`, await measure(p, async () => {
        await p.goto(`${base}${invite.pathname}${invite.hash}`)
        await p.getByLabel('Display name').fill('Ada')
        await p.getByRole('button', { name: 'Join room' }).click()
        await p.locator('.monaco-editor').first().waitFor()
      })])
      await ctx.close()
    }
  } finally {
    await browser.close()
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }

  const dist = join(ROOT, 'client', 'dist')
  const pyDir = join(dist, 'precompressed-pyodide', PYODIDE_VERSION)
  const pyRaw = join(ROOT, 'server', 'node_modules', 'pyodide')
  const pyRows = readdirSync(pyDir).filter((f) => f.endsWith('.br')).map((f) => {
    const name = f.slice(0, -3)
    return `| ${name} | ${kb(statSync(join(pyRaw, name)).size)} | ${kb(statSync(join(pyDir, f)).size)} | ${kb(statSync(join(pyDir, `${name}.gz`)).size)} |`
  })
  const md = [
    '# Page weight',
    '',
    `Measured by \`pnpm weight\` (tests/tools/page-weight.ts) on ${new Date().toISOString().slice(0, 10)}: the built client served by the`,
    'real server, loaded in headless Chromium; bytes counted with the DevTools protocol. "On the wire" is the transfer size',
    '(compressed body plus headers), "decoded" is the size after decompression. Chromium asks for `gzip, deflate, br`.',
    '',
    '| What | Requests | On the wire | of which JavaScript | Decoded | TypeScript worker loaded |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(([what, l]) => `| ${what} | ${l.requests} | ${kb(l.wire)} | ${kb(l.js)} | ${kb(l.decoded)} | ${l.tsWorker ? 'yes' : 'no'} |`),
    '',
    'Largest downloads per load (bytes on the wire):',
    '',
    ...rows.map(([what, l]) => `- ${what}: ${l.biggest.map(([p, n]) => `\`${p}\` ${kb(n)}`).join(', ')}`),
    '',
    'How: `pnpm build` writes `.br` and `.gz` beside every compressible file (scripts/precompress.mjs) and the server sends',
    'them by Accept-Encoding (`@fastify/static` `preCompressed`). Hashed files under `/assets/` are sent with',
    '`cache-control: public, max-age=31536000, immutable`, so a second visit downloads only `index.html` (`no-cache`).',
    'Monaco\'s TypeScript worker is a separate chunk, fetched only when a JavaScript or TypeScript model needs it.',
    '',
    'Limits of the measurement: requests made by Web Workers themselves (the worker scripts Monaco starts) are not',
    'counted, only those of the page; "TypeScript worker loaded" means the page fetched the worker\'s chunk. On a second',
    'visit "Decoded" counts bytes read back from the browser\'s cache.',
    '',
    `The code runner's Python (Pyodide ${PYODIDE_VERSION}, fetched only when Python code is first run), precompressed the same way:`,
    '',
    '| File | Plain | Brotli | Gzip |',
    '| --- | ---: | ---: | ---: |',
    ...pyRows,
    '',
  ].join('\n')
  writeFileSync(OUT, md)
  console.log(md)
}

await main()
