// Builds the client without ever leaving a half-written build where a running server serves it:
// Vite writes into a fresh folder beside client/dist, which is then swapped in. A stamp of the
// inputs (client and shared sources, lockfile) lets `pnpm start` skip a build that is current.
//
//   node scripts/client-build.mjs          build (always)
//   node scripts/client-build.mjs --check  exit 0 if client/dist is current, 1 if not
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { precompressDir, precompressPyodide } from './precompress.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const clientDir = join(root, 'client')
const dist = join(clientDir, 'dist')
const STAMP = '.build-stamp'
const INPUTS = [
  'client/src', 'client/public', 'client/index.html', 'client/vite.config.ts', 'client/package.json', 'client/tsconfig.json',
  'shared/src', 'shared/package.json', 'pnpm-lock.yaml', 'scripts/client-build.mjs', 'scripts/precompress.mjs',
]

function files(path) {
  if (!existsSync(path)) return []
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path).sort().flatMap((name) => files(join(path, name)))
}

/** A hash of every file the build reads (paths and contents). */
export function inputsHash() {
  const h = createHash('sha256')
  for (const input of INPUTS) {
    for (const f of files(join(root, input))) h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0')
  }
  return h.digest('hex')
}

/** Whether client/dist was built from the sources as they are now. */
export function isCurrent(hash = inputsHash()) {
  try {
    return existsSync(join(dist, 'index.html')) && readFileSync(join(dist, STAMP), 'utf8').trim() === hash
  } catch {
    return false
  }
}

/** Builds into client/.dist-next and swaps it in; returns Vite's exit code. */
export function build() {
  const hash = inputsHash()
  const next = join(clientDir, '.dist-next')
  const old = join(clientDir, '.dist-old')
  rmSync(next, { recursive: true, force: true })
  const vite = spawnSync('pnpm', ['exec', 'vite', 'build', '--outDir', next, '--emptyOutDir'], { cwd: clientDir, stdio: 'inherit' })
  if (vite.status !== 0) {
    rmSync(next, { recursive: true, force: true })
    return vite.status ?? 1
  }
  // Precompressed copies (.br, .gz) of the client and of the runner's Pyodide files.
  precompressDir(next)
  precompressPyodide(next)
  writeFileSync(join(next, STAMP), `${hash}\n`)
  // Two renames: client/dist is missing only between them, for microseconds, never half-written.
  rmSync(old, { recursive: true, force: true })
  if (existsSync(dist)) renameSync(dist, old)
  renameSync(next, dist)
  rmSync(old, { recursive: true, force: true })
  return 0
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) process.exit(isCurrent() ? 0 : 1)
  process.exit(build())
}
