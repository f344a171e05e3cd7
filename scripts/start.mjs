// `pnpm start`: builds the client only when its sources changed since the last build, then runs
// the server in this process's place. Ctrl+C reaches the server (the whole foreground process
// group gets it); this wrapper waits for the server's clean shutdown and exits with its code, so
// pnpm has nothing to complain about.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, inputsHash, isCurrent } from './client-build.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const serverDir = join(root, 'server')

if (isCurrent(inputsHash())) {
  console.log('client build is current; starting the server')
} else {
  console.log('building the client (its sources changed since the last build)…')
  const code = build()
  if (code !== 0) process.exit(code)
}

// The server's own start command (server/package.json), run directly: no nested pnpm to print
// lifecycle errors when the signal arrives.
const start = JSON.parse(readFileSync(join(serverDir, 'package.json'), 'utf8')).scripts.start.trim().split(/\s+/)
const child = spawn(process.execPath, start.slice(1), { cwd: serverDir, stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    // Ctrl+C in a terminal already reached the server; a signal sent to this process alone is passed on.
    if (child.exitCode === null) child.kill(signal)
  })
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
