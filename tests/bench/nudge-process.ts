import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, serverStartArgs } from '../utils/process.ts'
import { summarize } from './stats.ts'

const serverDir = fileURLToPath(new URL('../../server', import.meta.url))

/**
 * One Nudge process as `pnpm start` runs it (SQLite in a temporary folder), for the browser
 * benchmarks; killed and its data removed when this process exits.
 */
export async function startNudge(name: string) {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), `nudge-bench-${name}-`))
  const url = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, serverStartArgs(), {
    cwd: serverDir, stdio: 'ignore',
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: url, LOG_LEVEL: 'warn' },
  })
  const stop = () => {
    child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
  process.once('exit', stop)
  for (let i = 0; ; i++) {
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) break
    if (i > 600) throw new Error('server did not start')
    await new Promise((r) => setTimeout(r, 100))
  }
  return { url, pid: child.pid!, stop }
}

/** utime + stime of a process in ms (Linux /proc; clock ticks are 100 Hz here). */
export const cpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(f[11]) + Number(f[12])) * 10
}

/** Nearest-rank percentile of plain millisecond samples. */
export const pct = (xs: number[], p: 50 | 95) => summarize(Float64Array.from(xs))[`p${p}`] ?? Number.NaN
