import { createReadStream, existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'

/**
 * The code runner's sandbox (docs/runner.md). The page embeds /runner/frame.html in an iframe with
 * `sandbox="allow-scripts"` (no allow-same-origin), so the frame and its workers have an opaque
 * origin: they cannot read the page's storage, cookies or invite secret, and their requests are
 * cross-origin (Origin: null). Everything they load is therefore served with CORS and CORP headers.
 * Python is the `pyodide` npm package's interpreter and standard library, served from here under
 * its version (immutable caching), so running Python needs no internet.
 */
const SANDBOX_DIR = fileURLToPath(new URL('../runner/sandbox/', import.meta.url))
const require = createRequire(import.meta.url)
const PYODIDE_DIR = dirname(require.resolve('pyodide/package.json'))
const PYODIDE_VERSION = (require('pyodide/package.json') as { version: string }).version

const SANDBOX_FILES: Record<string, string> = {
  'frame.js': 'text/javascript; charset=utf-8',
  'worker.js': 'text/javascript; charset=utf-8',
  'harness.js': 'text/javascript; charset=utf-8',
  'harness.py': 'text/x-python; charset=utf-8',
}
/** Only what loadPyodide needs for the standard library; no packages, no micropip. */
const PYODIDE_FILES: Record<string, string> = {
  'pyodide.mjs': 'text/javascript; charset=utf-8',
  'pyodide.asm.mjs': 'text/javascript; charset=utf-8',
  'pyodide.asm.wasm': 'application/wasm',
  'python_stdlib.zip': 'application/zip',
  'pyodide-lock.json': 'application/json',
}

/** A Host header we are willing to name in the frame's CSP: a hostname or IP and optional port. */
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/

export function frameCsp(origin: string): string {
  return [
    "default-src 'none'",
    // 'unsafe-eval' runs the user's JavaScript (new Function) and 'wasm-unsafe-eval' Pyodide,
    // both inside the opaque origin; scripts only from this server's /runner/, and data: for
    // Pyodide's module handed over by the page (worker.js; no more than eval already allows).
    `script-src ${origin}/runner/ data: 'unsafe-eval' 'wasm-unsafe-eval'`,
    // Workers are data: module workers (blob: ones fail in an opaque origin).
    'worker-src data:',
    `connect-src ${origin}/runner/`,
    "base-uri 'none'",
    "form-action 'none'",
    // Only Nudge pages embed it.
    `frame-ancestors ${origin}`,
  ].join('; ')
}

const crossOrigin = (reply: FastifyReply) =>
  reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin').header('x-content-type-options', 'nosniff')

/** Precompressed Pyodide files written by the client build (scripts/precompress.mjs). */
const PYODIDE_PRECOMPRESSED = 'precompressed-pyodide'
const ENCODINGS = [['br', 'br'], ['gzip', 'gz']] as const

/** Whether an Accept-Encoding header accepts this encoding (q=0 refuses it). */
export function acceptedEncoding(header: string | undefined, encoding: string): boolean {
  if (!header) return false
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';')
    if ((name ?? '').trim().toLowerCase() !== encoding) return false
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    return q === undefined || Number(q.slice(2)) > 0
  })
}

const runnerRoutes: FastifyPluginAsync<{ publicUrl: string; clientDist?: string }> = async (app, opts) => {
  const publicOrigin = new URL(opts.publicUrl).origin
  const frameHtml = await readFile(join(SANDBOX_DIR, 'frame.html'), 'utf8')

  /** The origin the page was loaded from; the configured public URL if the Host header is odd. */
  const originOf = (req: FastifyRequest) => {
    const host = req.headers.host
    return host && HOST.test(host) ? `${req.protocol}://${host}` : publicOrigin
  }

  app.get('/runner/frame.html', { schema: { hide: true } }, (req, reply) => {
    const origin = originOf(req)
    reply
      .header('content-security-policy', frameCsp(origin))
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(frameHtml.replaceAll('%ORIGIN%', origin).replaceAll('%PYODIDE%', `${origin}/runner/pyodide/${PYODIDE_VERSION}/`))
  })

  app.get<{ Params: { file: string } }>('/runner/:file', { schema: { hide: true } }, (req, reply) => {
    const type = Object.hasOwn(SANDBOX_FILES, req.params.file) ? SANDBOX_FILES[req.params.file] : undefined
    if (!type) return reply.code(404).send({ code: 'NOT_FOUND', message: 'No such runner file' })
    crossOrigin(reply).header('cache-control', 'no-cache').type(type)
    return reply.send(createReadStream(join(SANDBOX_DIR, req.params.file)))
  })

  app.get<{ Params: { version: string; file: string } }>('/runner/pyodide/:version/:file', { schema: { hide: true } }, (req, reply) => {
    const type = Object.hasOwn(PYODIDE_FILES, req.params.file) ? PYODIDE_FILES[req.params.file] : undefined
    if (req.params.version !== PYODIDE_VERSION || !type) return reply.code(404).send({ code: 'NOT_FOUND', message: 'No such Python file' })
    crossOrigin(reply).header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'accept-encoding').type(type)
    if (opts.clientDist) {
      for (const [encoding, ext] of ENCODINGS) {
        const path = join(opts.clientDist, PYODIDE_PRECOMPRESSED, PYODIDE_VERSION, `${req.params.file}.${ext}`)
        if (acceptedEncoding(req.headers['accept-encoding'], encoding) && existsSync(path)) {
          return reply.header('content-encoding', encoding).send(createReadStream(path))
        }
      }
    }
    return reply.send(createReadStream(join(PYODIDE_DIR, req.params.file)))
  })
}

export default runnerRoutes
export { PYODIDE_VERSION }
