import { ConfigError, loadConfig } from './config.ts'
import { buildApp } from './app.ts'
import { attachDiagnosticsIpc } from './diagnostics.ts'

/** The only file that reads process.env and calls listen(). */
async function main() {
  let config
  try {
    config = loadConfig(process.env)
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(2)
    }
    throw err
  }
  const app = await buildApp(config)
  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down: storing every pending edit first')
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting')
      process.exit(1)
    }, 20_000)
    force.unref()
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'error during shutdown')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
  await app.listen({ port: config.port, host: config.host })
  if (config.diagnosticsIpc) {
    attachDiagnosticsIpc(() => ({ rooms: app.collab.roomCount, persistence: { ...app.collab.log.stats } }))
  }
  app.log.info(`Nudge is running at ${app.site.url} (storage: ${app.store.kind})`)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
