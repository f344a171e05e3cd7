import { createServer, connect, type Socket } from 'node:net'
import { onTestFinished } from 'vitest'

/**
 * A TCP proxy on a free loopback port in front of a real service (PostgreSQL), which a test can
 * cut — every open connection is dropped and new ones are refused — and restore, to simulate the
 * database becoming unreachable for a while.
 */
export async function tcpProxy(targetPort: number, targetHost = '127.0.0.1') {
  let up = true
  const open = new Set<Socket>()
  const server = createServer((client) => {
    if (!up) {
      client.destroy()
      return
    }
    const upstream = connect(targetPort, targetHost)
    open.add(client)
    open.add(upstream)
    const drop = () => {
      client.destroy()
      upstream.destroy()
      open.delete(client)
      open.delete(upstream)
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy()
        server.close(() => resolve())
      }),
  )
  return {
    port,
    cut() {
      up = false
      for (const s of open) s.destroy()
      open.clear()
    },
    restore() {
      up = true
    },
  }
}
