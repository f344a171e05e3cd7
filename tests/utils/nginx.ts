import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { onTestFinished } from 'vitest'
import { freePort } from './process.ts'
import { waitFor } from './wait.ts'

const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx'
const deployConf = fileURLToPath(new URL('../../deploy/nginx.conf', import.meta.url))

/**
 * The real deploy/nginx.conf with only addresses changed: its upstream servers become the given
 * local ports, it listens on a free loopback port, and its pid file goes to a temp prefix.
 */
export function nginxConfFor(upstreamPorts: number[], listenPort: number, prefix: string): string {
  let conf = readFileSync(deployConf, 'utf8')
  const servers = [...conf.matchAll(/^(\s*)server\s+nudge\d+:\d+([^;]*);\n/gm)]
  if (servers.length === 0) throw new Error('deploy/nginx.conf: no `server nudgeN:PORT` upstream lines found')
  const [indent, params] = [servers[0]![1], servers[0]![2]]
  const ours = upstreamPorts.map((p) => `${indent}server 127.0.0.1:${p}${params};\n`).join('')
  conf = conf.replace(servers[0]![0], ours)
  for (const s of servers.slice(1)) conf = conf.replace(s[0], '')
  const listen = /listen\s+80;/
  if (!listen.test(conf)) throw new Error('deploy/nginx.conf: no `listen 80;` found')
  conf = conf.replace(listen, `listen 127.0.0.1:${listenPort};`).replace(/^pid\s+[^;]+;/m, `pid ${join(prefix, 'nginx.pid')};`)
  return conf
}

/** Debian's nginx running the deploy config in front of the given node ports; stopped after the test. */
export async function startNginx(upstreamPorts: number[]) {
  if (!existsSync(NGINX)) throw new Error(`nginx not found at ${NGINX}: apt-get install -y nginx`)
  const prefix = mkdtempSync(join(tmpdir(), 'nudge-nginx-'))
  const port = await freePort()
  const confFile = join(prefix, 'nginx.conf')
  writeFileSync(confFile, nginxConfFor(upstreamPorts, port, prefix))
  const child = spawn(NGINX, ['-p', prefix, '-c', confFile, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] })
  let err = ''
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGTERM')
  })
  const url = `http://127.0.0.1:${port}`
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${err}`)
    return fetch(`${url}/healthz`).then((r) => r.ok, () => false)
  }, `nginx on ${port}`)
  return { url, wsUrl: `ws://127.0.0.1:${port}`, output: () => err }
}
