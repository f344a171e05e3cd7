import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import { freePort } from './process.ts'
import { waitFor } from './wait.ts'

/**
 * Debian's coturn on loopback with `use-auth-secret` (the TURN REST scheme Nudge signs for). It
 * relays between loopback peers only for tests (`--allow-loopback-peers`). Killed after the test.
 */
export async function startTurn(secret: string): Promise<{ port: number; url: string; output: () => string }> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'nudge-turn-'))
  const relayBase = 40_000 + (port % 20_000)
  const child = spawn('turnserver', [
    '-n', '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
    '--use-auth-secret', `--static-auth-secret=${secret}`, '--realm=nudge.test', '--fingerprint',
    '--no-tls', '--no-dtls', '--no-cli', '--allow-loopback-peers', `--min-port=${relayBase}`, `--max-port=${relayBase + 200}`,
    '--log-file=stdout', '--simple-log', `--pidfile=${join(dir, 'turn.pid')}`, `--userdb=${join(dir, 'turn.db')}`,
  ], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  onTestFinished(() => {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })
  await waitFor(() => child.exitCode === null && /Total General servers/.test(out), `turnserver on ${port} started:\n${out}`, 10_000)
  return { port, url: `turn:127.0.0.1:${port}?transport=udp`, output: () => out }
}
