import type { FastifyPluginAsync } from 'fastify'

/** Liveness says the process is up; readiness says its storage answers and writes succeed. */
const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))

  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    const checks: Record<string, { ok: boolean; detail?: string }> = {}
    try {
      await app.store.ping()
      checks.storage = { ok: true }
    } catch (err) {
      request.log.warn({ err }, 'readyz: storage ping failed')
      checks.storage = { ok: false, detail: 'unreachable' }
    }
    const p = app.collab.log.stats
    checks.persistence = p.failingSince
      ? { ok: false, detail: `writes failing since ${new Date(p.failingSince).toISOString()}; ${p.pendingBytes} bytes kept in memory` }
      : { ok: true }
    const ok = Object.values(checks).every((c) => c.ok)
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', checks })
  })
}

export default healthRoutes
