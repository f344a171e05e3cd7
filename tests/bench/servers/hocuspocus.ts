import { Server } from '@hocuspocus/server'
import { attachDiagnosticsIpc } from '@nudge/server/diagnostics.ts'

/**
 * Reference 2: Hocuspocus with its defaults and no extensions (documents in memory, no auth
 * hook), the way its README starts a server.
 */
const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: true })
await server.listen()
attachDiagnosticsIpc(() => ({ rooms: server.hocuspocus.getDocumentsCount() }))
process.send?.({ ready: true, port: server.address.port })
