import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { docs, setupWSConnection } from '@y/websocket-server/utils'
import { attachDiagnosticsIpc } from '@nudge/server/diagnostics.ts'

/**
 * Reference 1: the bare y-websocket relay (@y/websocket-server 0.1.1, the last release on
 * yjs 13), wired exactly like its own bin/server.js: in memory, no auth, no persistence.
 */
const http = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' })
  res.end('okay')
})
const wss = new WebSocketServer({ noServer: true })
wss.on('connection', setupWSConnection)
http.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
})
attachDiagnosticsIpc(() => ({ rooms: docs.size }))
http.listen(0, '127.0.0.1', () => {
  process.send?.({ ready: true, port: (http.address() as AddressInfo).port })
})
process.on('SIGTERM', () => process.exit(0))
