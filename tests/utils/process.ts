import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { onTestFinished } from 'vitest'
import { waitFor } from './wait.ts'

const serverDir = fileURLToPath(new URL('../../server', import.meta.url))

/**
 * How `pnpm start` runs the server: the node arguments of server/package.json's `start` script,
 * entry included (`--max-semi-space-size=64 … --import tsx src/main.ts`). The Dockerfile's CMD runs
 * the same (checked in multinode-deploy.test.ts); tests and the benchmark run the server this way.
 */
export function serverStartArgs(): string[] {
  const start = (JSON.parse(readFileSync(join(serverDir, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  const [cmd, ...args] = start.trim().split(/\s+/)
  if (cmd !== 'node' || args.at(-1) !== 'src/main.ts') throw new Error(`server/package.json "start" should be "node <flags> src/main.ts", not "${start}"`)
  return args
}

/** Asks the OS for a free port (bind port 0, read it, release it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

export interface ServerProcess {
  child: ChildProcess
  port: number
  url: string
  wsUrl: string
  dataDir: string
  output: () => string
  exited: Promise<number | null>
}

/**
 * Runs `server/src/main.ts` as its own process — exactly what `pnpm start` runs — for tests of
 * signals, crashes and several nodes. Killed after the test.
 */
export async function spawnServer(env: Record<string, string> = {}, opts: { waitReady?: boolean } = {}): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort()
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'nudge-proc-'))
  // `node --import tsx`, not the tsx CLI: the CLI runs the server in a child process, so a
  // SIGKILL would kill only the wrapper and leave the server running (no real crash, a leak).
  const child = spawn(process.execPath, serverStartArgs(), {
    cwd: serverDir,
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: String(port), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  const url = `http://127.0.0.1:${port}`
  if (opts.waitReady !== false) {
    await waitFor(async () => child.exitCode === null && (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)), `server on ${port} ready\n${out}`, 45_000)
  }
  return { child, port, url, wsUrl: `ws://127.0.0.1:${port}`, dataDir, output: () => out, exited }
}
