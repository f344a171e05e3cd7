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
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { brotliCompressSync, constants } from 'node:zlib'
import { chromium, type Page, type Request } from 'playwright-core'
import { buildApp } from '@nudge/server'
import { loadConfig } from '@nudge/server/config.ts'
import { PYODIDE_VERSION } from '@nudge/server/routes/runner.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const OUT = join(ROOT, 'docs', 'page-weight.md')

interface Load { requests: number; wire: number; decoded: number; js: number; tsWorker: boolean; biggest: [string, number][] }

/**
 * Counts every request the page and its workers make while `action` runs, until no response has
 * arrived for 2 s (a room keeps its Socket.IO connection open, so "network idle" never comes).
 */
async function measure(page: Page, action: () => Promise<void>): Promise<Load> {
  const seen: Request[] = []
  let last = Date.now()
  const onFinished = (r: Request) => { last = Date.now(); seen.push(r) }
  page.context().on('requestfinished', onFinished)
  await action()
  const start = Date.now()
  while (Date.now() - last < 2000 && Date.now() - start < 30_000) await new Promise((r) => setTimeout(r, 250))
  page.context().off('requestfinished', onFinished)
  const load: Load = { requests: 0, wire: 0, decoded: 0, js: 0, tsWorker: false, biggest: [] }
  for (const r of seen) {
    if (!r.url().startsWith('http')) continue
    const sizes = await r.sizes()
    const response = await r.response()
    const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0)
    // Chromium reports no body size for requests made by workers: take the (compressed) Content-Length.
    const bodyBytes = sizes.responseBodySize || Number((await response?.allHeaders())?.['content-length'] ?? 0)
    const bytes = bodyBytes + sizes.responseHeadersSize
    load.requests++
    load.wire += bytes
    load.decoded += body.length
    const path = new URL(r.url()).pathname
    if (/\.m?js$/.test(path)) load.js += bytes
    if (/ts\.worker/.test(path) && body.length > 1_000_000) load.tsWorker = true
    load.biggest.push([path, bytes])
  }
  load.biggest = load.biggest.sort((a, b) => b[1] - a[1]).slice(0, 5)
  return load
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`

/**
 * The floor under the landing page's JavaScript: a page that only renders one element with
 * React 19 and react-dom, built by the client's Vite for production and brotli-compressed as
 * scripts/precompress.mjs does (quality 11, 16 MB window). Bodies only, no headers.
 */
async function reactFloor(): Promise<number> {
  const clientDir = join(ROOT, 'client')
  // The client's own Vite (the tests package does not depend on it), typed as far as used here.
  type Output = { output?: Array<{ type: string; code?: string }> }
  const vite = (await import(pathToFileURL(createRequire(join(clientDir, 'package.json')).resolve('vite')).href)) as { build(config: object): Promise<Output | Output[]> }
  const ENTRY = '\0nudge-react-floor'
  const code = "import { createRoot } from 'react-dom/client'\nimport { jsx } from 'react/jsx-runtime'\ncreateRoot(document.body).render(jsx('p', { children: 'Nudge' }))\n"
  const out = await vite.build({
    root: clientDir,
    configFile: false,
    logLevel: 'silent',
    mode: 'production',
    plugins: [{ name: 'nudge:react-floor', resolveId: (id: string) => (id === 'nudge-react-floor' ? ENTRY : null), load: (id: string) => (id === ENTRY ? code : null) }],
    build: { write: false, target: 'es2022', rolldownOptions: { input: 'nudge-react-floor' } },
  })
  let bytes = 0
  for (const result of Array.isArray(out) ? out : [out]) {
    for (const chunk of result.output ?? []) {
      if (chunk.type !== 'chunk' || chunk.code === undefined) continue
      const body = Buffer.from(chunk.code)
      const params = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: body.length }
      bytes += brotliCompressSync(body, { params }).length
    }
  }
  return bytes
}

const KB = 1024
/** The goals of issue #14 item 12, each with the measured figure and whether it is met. */
function goals(rows: [string, Load][]): string[] {
  const row = (what: string) => rows.find(([w]) => w === what)?.[1]
  const check = (label: string, value: number | undefined, limit: number) =>
    `- ${label}: ${value === undefined ? 'not measured' : `${kb(value)} (goal ≤ ${kb(limit)}): ${value <= limit ? 'met' : 'not met'}`}`
  return [
    check('JavaScript room, cold cache, on the wire', row('Room (javascript), first visit, joined with the editor shown')?.wire, 2500 * KB),
    check('JavaScript room, warm cache, on the wire', row('Room (javascript), second visit (reload)')?.wire, 100 * KB),
    check('Landing page JavaScript, compressed', row('Landing page, first visit')?.js, 60 * KB),
  ]
}

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

    for (const language of ['javascript', 'python'] as const) {
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
      // The whiteboard (Excalidraw) is fetched only when its tab is opened: what that adds.
      if (language === 'javascript') {
        rows.push(['Room (javascript), then the Board tab opened', await measure(p, async () => {
          await p.getByRole('tab', { name: 'Board', exact: true }).click()
          await p.getByTestId('whiteboard').locator('canvas.interactive').waitFor()
        })])
      }
      // The same browser comes back (the name is remembered): what a second visit costs.
      rows.push([`Room (${language}), second visit (reload)`, await measure(p, async () => {
        await p.reload()
        await p.locator('.monaco-editor').first().waitFor()
      })])
      await ctx.close()
    }
  } finally {
    await browser.close()
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }

  const floor = await reactFloor()
  const landingJs = rows.find(([w]) => w === 'Landing page, first visit')?.[1].js ?? 0
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
    'The whiteboard (Excalidraw, its binding and CSS) is one lazily imported module, fetched only when the Board tab is',
    'shown; a room that stays on the code never downloads it (figures in docs/whiteboard-figures.md).',
    '',
    'Requests of the page and of its workers are counted (Playwright `requestfinished` and `request.sizes()`; for worker',
    'requests, which Chromium reports without a body size, the compressed Content-Length). "TypeScript',
    'worker loaded" means the multi-megabyte TypeScript language worker was downloaded. On a second visit, files served',
    'from the browser\'s cache count 0 bytes on the wire.',
    '',
    'Goals of issue #14 (item 12), checked against the figures above:',
    '',
    ...goals(rows),
    '',
    `The landing page is built without React: React 19 and react-dom alone, rendering one element, built by the same Vite`,
    `and brotli-compressed the same way, are **${kb(floor)}** (bodies only, measured by this command), which left no room`,
    `under the 60 KB goal. \`client/src/main.ts\` picks the page by its path first and imports either the landing page`,
    `(\`client/src/features/landing/page.ts\`, plain DOM code with the same markup, labels and roles) or the React app`,
    `(\`client/src/app/boot.tsx\`) for every other page: ${kb(landingJs)} of JavaScript on the wire, React never downloaded.`,
    'zod and the protocol\'s schemas load only when a room is created or an invite is checked (`client/src/lib/api.ts`), and',
    'its constants come from the zod-free `@nudge/shared/basics`.',
    '',
    'Pyodide\'s interpreter (`pyodide.asm.wasm` and its module `pyodide.asm.mjs`), standard library and lock file are fetched by the page and handed to the runner frame: the frame',
    'has an opaque origin (the sandbox, docs/runner.md) and Chromium keys its HTTP cache by the frame\'s origin, so files the',
    'frame fetched itself downloaded again on every visit (5.8 MB for each Python room before this change).',
    '',
    `The code runner's Python (Pyodide ${PYODIDE_VERSION}), which a Python room downloads as it opens, precompressed the same way:`,
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
