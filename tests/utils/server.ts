import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { onTestFinished } from 'vitest'
import { buildApp } from '@nudge/server'
import { loadConfig } from '@nudge/server/config.ts'
import type { Store } from '@nudge/server/store/types.ts'
import type { CreateRoomResponse } from '@nudge/shared'

export interface TestServer {
  app: FastifyInstance
  url: string
  wsUrl: string
  dataDir: string
  port: number
  /** Closes gracefully (flushes), like SIGTERM. */
  stop(): Promise<void>
  createRoom(body?: object): Promise<CreateRoomResponse & { tokens: Record<'candidate' | 'interviewer' | 'observer', string> }>
}

/**
 * A real server on port 0 (a free port, so test files run in parallel) with its own data dir.
 * It is stopped and its data removed when the test finishes, unless `keepData` is set; with
 * `shared` (a server for a whole file, started in beforeAll) the caller stops it.
 */
export async function startServer(opts: { dataDir?: string; port?: number; env?: Record<string, string>; store?: Store; keepData?: boolean; shared?: boolean } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'nudge-test-'))
  const config = loadConfig({ PORT: String(opts.port ?? 0), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', PERSIST_BATCH_MS: '10', ...opts.env })
  const app = await buildApp(config, { logger: false, store: opts.store })
  await app.listen({ port: config.port, host: '127.0.0.1' })
  const port = (app.server.address() as AddressInfo).port
  const url = `http://127.0.0.1:${port}`
  let stopped = false
  const server: TestServer = {
    app,
    url,
    wsUrl: `ws://127.0.0.1:${port}`,
    dataDir,
    port,
    async stop() {
      if (stopped) return
      stopped = true
      await app.close()
    },
    async createRoom(body = {}) {
      const res = await fetch(`${url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      if (res.status !== 201) throw new Error(`create room: ${res.status} ${await res.text()}`)
      const json = (await res.json()) as CreateRoomResponse
      const token = (u: string) => new URL(u).hash.replace('#token=', '')
      return {
        ...json,
        tokens: { candidate: token(json.invites.candidate), interviewer: token(json.invites.interviewer), observer: token(json.invites.observer) },
      }
    },
  }
  const cleanup = async () => {
    await server.stop()
    if (!opts.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true })
  }
  if (opts.shared) {
    const stop = server.stop
    server.stop = async () => {
      await stop()
      if (!opts.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true })
    }
  } else {
    onTestFinished(cleanup)
  }
  return server
}
