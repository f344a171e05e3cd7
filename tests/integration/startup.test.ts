import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { roomSocket } from '../utils/clients.ts'
import { freePort } from '../utils/process.ts'
import { waitFor } from '../utils/wait.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Runs `command` under a pseudo-terminal (util-linux `script`), as a user's terminal or
 * `docker run -it` would; writing \x03 to it is pressing Ctrl+C.
 */
function inTerminal(command: string, env: Record<string, string>) {
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })
  return { child, exited, output: () => out }
}

describe('start-up and shutdown in a terminal (#14.15–17)', () => {
  it('logs JSON under a TTY (no dev-only transport), starts without rebuilding a current client, and Ctrl+C shuts down step by step', async () => {
    // The test run builds the client first (`pnpm test`), so the build is current.
    expect(spawnSync(process.execPath, ['scripts/client-build.mjs', '--check'], { cwd: root }).status).toBe(0)
    const port = await freePort()
    const p = inTerminal('node scripts/start.mjs', { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'nudge-tty-')), LOG_LEVEL: 'info' })
    const url = `http://127.0.0.1:${port}`
    await waitFor(() => p.output().includes('Nudge is running'), `server started\n${p.output()}`, 30_000)
    expect(p.output()).toContain('client build is current')
    expect(p.output()).not.toContain('vite')

    // Someone is in a room when Ctrl+C comes: their departure is recorded before the store closes.
    const res = await fetch(`${url}/api/rooms`, { method: 'POST' })
    const body = (await res.json()) as { id: string; invites: Record<string, string> }
    const socket = roomSocket(url, body.id, new URL(body.invites.candidate!).hash.replace('#token=', ''), 'Ada')
    await waitFor(() => socket.connected, 'socket connected')
    const room = await fetch(`${url}/r/${body.id}`)
    expect(room.headers.get('content-type')).toContain('text/html')

    p.child.stdin.write('\x03')
    // 0 from the clean shutdown; 130 (ended by SIGINT, the shell convention for Ctrl+C) was seen
    // once in CI when the signal reached the wrapper as it exited. A crash (1) or a forced exit fails.
    expect([0, 130], p.output()).toContain(await p.exited)
    socket.close()
    const out = p.output()
    const logLines = out.split(/\r?\n/).map((l) => l.replace(/^\^C/, '').trim()).filter((l) => l.startsWith('{'))
    expect(logLines.length).toBeGreaterThan(3)
    for (const line of logLines) expect(() => JSON.parse(line)).not.toThrow() // pino-pretty would print "[12:00:00] INFO …"
    const steps = logLines.map((l) => (JSON.parse(l) as { msg: string }).msg).filter((m) => m.startsWith('shut'))
    expect(steps).toEqual([
      'shutting down: storing every pending edit first',
      'shutdown: every edit stored',
      'shutdown: 1 connection closed, departures recorded',
      'shutdown: sqlite store closed',
    ])
    expect(out).not.toMatch(/depart failed|store is closed|ERR_PNPM|ELIFECYCLE|"level":50/)
  }, 90_000)

  it('declares no dependency the server never imports (swagger-ui was one)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'server/package.json'), 'utf8')) as { dependencies: Record<string, string>; scripts: Record<string, string> }
    const source = (dir: string): string =>
      readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? source(join(dir, e.name)) : e.name.endsWith('.ts') ? readFileSync(join(dir, e.name), 'utf8') : '')).join('\n')
    const code = source(join(root, 'server/src')) + Object.values(pkg.scripts).join('\n')
    const unused = Object.keys(pkg.dependencies).filter((dep) => !new RegExp(`['"\\s]${dep.replace(/[/.]/g, '\\$&')}(/[^'"]*)?['"\\s]`).test(code))
    expect(unused).toEqual([])
  })
})
