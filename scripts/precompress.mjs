// Precompresses the client build at build time, so the server sends .br / .gz files (by the
// request's Accept-Encoding) without spending CPU per request. Also precompresses the Pyodide files
// the code runner serves (server/src/routes/runner.ts), which are ~13 MB uncompressed.
import { createRequire } from 'node:module'
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.wasm', '.ttf', '.txt', '.zip', '.webmanifest'])
/** Below this, compression saves less than the header costs. */
const MIN_BYTES = 1024
/** Pyodide files the runner serves (PYODIDE_FILES in server/src/routes/runner.ts). */
export const PYODIDE_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json']
/** Where, inside the client build, the precompressed Pyodide files go (read by runner.ts). */
export const PYODIDE_SUBDIR = 'precompressed-pyodide'

function compressFile(src, dest) {
  const data = readFileSync(src)
  if (data.length < MIN_BYTES) return
  // Quality 11 is slow on multi-megabyte files; 9 keeps most of the gain at a fraction of the CPU.
  const quality = data.length > 1_000_000 ? 9 : 11
  const br = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: data.length, [constants.BROTLI_PARAM_LGWIN]: 24 },
  })
  const gz = gzipSync(data, { level: 9 })
  // Keep only what actually saves bytes.
  if (br.length < data.length * 0.95) writeFileSync(`${dest}.br`, br)
  if (gz.length < data.length * 0.95) writeFileSync(`${dest}.gz`, gz)
}

/** Writes foo.js.br and foo.js.gz next to every compressible file under dir. */
export function precompressDir(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) precompressDir(path)
    else if (COMPRESSIBLE.has(extname(name))) compressFile(path, path)
  }
}

/** Writes <dist>/precompressed-pyodide/<version>/<file>.br|.gz for the runner's Pyodide files. */
export function precompressPyodide(dist) {
  const require = createRequire(join(dirname(new URL(import.meta.url).pathname), '..', 'server', 'package.json'))
  const pkg = require.resolve('pyodide/package.json')
  const version = JSON.parse(readFileSync(pkg, 'utf8')).version
  const out = join(dist, PYODIDE_SUBDIR, version)
  mkdirSync(out, { recursive: true })
  for (const file of PYODIDE_FILES) compressFile(join(dirname(pkg), file), join(out, file))
}
