import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { nginxConfFor } from '../utils/nginx.ts'
import { serverStartArgs } from '../utils/process.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const read = (f: string) => readFileSync(`${root}/${f}`, 'utf8')

/** The deployment files are checked statically here (there is no Docker engine to run them). */
describe('deployment files', () => {
  it('docker-compose.yml is valid and wires postgres, redis, two or more nodes and the nginx LB', () => {
    const env = { ...process.env, TICKET_SECRET: 'x'.repeat(40) }
    const services = execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '--services'], { cwd: root, env, encoding: 'utf8' })
      .trim().split('\n').sort()
    const nodes = services.filter((s) => /^nudge\d+$/.test(s))
    expect(services).toEqual(expect.arrayContaining(['lb', 'postgres', 'redis']))
    expect(nodes.length).toBeGreaterThanOrEqual(2)
    const full = execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], { cwd: root, env, encoding: 'utf8' })
    expect(full).toContain('DATABASE_URL: postgres://')
    expect(full).toContain('REDIS_URL: redis://')
    expect(full.match(/condition: service_healthy/g)?.length).toBeGreaterThanOrEqual(2 * nodes.length)
    // Every node is an upstream of nginx, and nothing else is.
    const upstreams = [...read('deploy/nginx.conf').matchAll(/^\s*server\s+(nudge\d+):3000/gm)].map((m) => m[1]).sort()
    expect(upstreams).toEqual(nodes)
    // Without the shared ticket secret, compose refuses to start (nodes must agree on it).
    const missing = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], { cwd: root, env: { ...process.env, TICKET_SECRET: '' }, encoding: 'utf8' })
    expect(missing.status).not.toBe(0)
    expect(missing.stderr).toContain('TICKET_SECRET')
  })

  it('the Dockerfile is multi-stage, runs as a non-root user and has a health check', () => {
    const df = read('Dockerfile')
    expect(df.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2)
    expect(df).toMatch(/^USER node$/m)
    expect(df).toMatch(/^HEALTHCHECK .*\n.*\/readyz/m)
    // The client is built as `pnpm build` builds it (with its precompressed copies).
    const build = (JSON.parse(read('package.json')) as { scripts: { build: string } }).scripts.build
    expect(df.split('\n')).toContain(`RUN ${build}`)
    // The container runs the server exactly as `pnpm start` does (node flags included).
    expect(df).toMatch(/^CMD \[.*\]$/m)
    expect(JSON.parse(/^CMD (\[.*\])$/m.exec(df)![1]!)).toEqual(['node', ...serverStartArgs()])
  })

  it('nginx accepts deploy/nginx.conf as shipped (nginx -t), with the upstreams mapped locally', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'nudge-nginx-t-'))
    const conf = join(prefix, 'nginx.conf')
    writeFileSync(conf, nginxConfFor([3001, 3002], 8080, prefix))
    const r = spawnSync('/usr/sbin/nginx', ['-t', '-q', '-p', prefix, '-c', conf], { encoding: 'utf8' })
    expect(r.error).toBeUndefined()
    expect(r.status, r.stderr).toBe(0)
  })
})
