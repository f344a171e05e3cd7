import type { FastifyPluginAsync } from 'fastify'

type Check = { ok: boolean; detail?: string }

/** Rejects after `ms`, so a hung dependency makes readiness fail instead of hang. */
const within = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())])

/**
 * Liveness says the process is up; readiness says its storage answers and writes succeed and,
 * in scaled mode, that Redis answers (without it, edits would not reach other nodes). A load
 * balancer takes a node that is not ready out of rotation.
 */
const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))

  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    const checks: Record<string, Check> = {}
    const storage = within(app.store.ping(), 2000).then(
      (): Check => ({ ok: true }),
      (err: unknown): Check => {
        request.log.warn({ err }, 'readyz: storage ping failed')
        return { ok: false, detail: 'unreachable' }
      },
    )
    const redis = app.redis
    const redisCheck = redis
      ? redis.status !== 'ready'
        ? Promise.resolve<Check>({ ok: false, detail: `not connected (${redis.status})` })
        : within(redis.ping(), 1000).then((): Check => ({ ok: true }), (): Check => ({ ok: false, detail: 'no answer' }))
      : null
    checks.storage = await storage
    if (redisCheck) checks.redis = await redisCheck
    const p = app.collab.log.stats
    checks.persistence = p.failingSince
      ? { ok: false, detail: `writes failing since ${new Date(p.failingSince).toISOString()}; ${p.pendingBytes} bytes kept in memory` }
      : { ok: true }
    const ok = Object.values(checks).every((c) => c.ok)
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', checks })
  })
}

export default healthRoutes
