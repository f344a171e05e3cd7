import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyHelmet from '@fastify/helmet'
import { serializerCompiler, validatorCompiler, jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { AppError, ERRORS } from '@nudge/shared'
import type { Config } from './config.ts'
import sitePlugin from './plugins/site.ts'
import storePlugin from './plugins/store.ts'
import roomsPlugin from './plugins/rooms.ts'
import redisPlugin from './plugins/redis.ts'
import collabPlugin from './plugins/collab.ts'
import questionsPlugin from './plugins/questions.ts'
import interviewPlugin from './plugins/interview.ts'
import cohortsPlugin from './plugins/cohorts.ts'
import loopsPlugin from './plugins/loops.ts'
import cohortLoopsPlugin from './plugins/cohort-loops.ts'
import realtimePlugin from './realtime/index.ts'
import retentionPlugin from './plugins/retention.ts'
import healthRoutes from './routes/health.ts'
import metricsRoutes from './routes/metrics.ts'
import roomRoutes from './routes/rooms.ts'
import roomAdminRoutes from './routes/room-admin.ts'
import questionRoutes from './routes/questions.ts'
import debriefRoutes from './routes/debrief.ts'
import replayRoutes from './routes/replay.ts'
import cohortRoutes from './routes/cohorts.ts'
import loopRoutes from './routes/loops.ts'
import cohortLoopRoutes from './routes/cohort-loops.ts'
import runnerRoutes from './routes/runner.ts'
import type { Store } from './store/types.ts'
import type { QuestionBank } from './interview/question-bank.ts'

export interface AppDeps {
  /** Inject a store (tests); defaults to PostgreSQL if config.databaseUrl is set, else SQLite in config.dataDir. */
  store?: Store
  /** pino options override (tests silence logs). */
  logger?: boolean | object
  /** Inject a question bank (tests); defaults to the bundled questions in server/questions. */
  questions?: QuestionBank
}

/**
 * Vite's hashed files under assets/ never change under the same name: cached for a year. Everything
 * else (index.html, favicon…) is revalidated on every load, so a new build is seen at once.
 */
export function staticCacheControl(path: string): string {
  return /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'
}

const defaultClientDist = fileURLToPath(new URL('../../client/dist', import.meta.url))

/** The one app factory: plugins → routes → realtime. Tests and main.ts both call it. */
export async function buildApp(config: Config, deps: AppDeps = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? {
      level: config.logLevel,
      // Secrets never reach the log: invite tokens live in URL fragments, tickets/tokens in
      // query strings of upgrades (not logged by Fastify), but redact defensively anyway.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.query.token', 'req.query.ticket'],
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.replace(/([?&](token|ticket)=)[^&]*/g, '$1[redacted]') }),
      },
      ...(config.logFormat === 'pretty' ? { transport: { target: 'pino-pretty' } } : {}),
    },
    bodyLimit: 256 * 1024,
    // The client address that rate limits count by: the TCP peer unless a proxy is trusted.
    trustProxy: config.trustProxy,
  }).withTypeProvider<ZodTypeProvider>()

  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.setErrorHandler((err, request, reply) => {
    if (err instanceof AppError) return reply.code(err.status).send(err.toBody())
    const e = err as { validation?: unknown; statusCode?: number; message: string; code?: string }
    if (e.validation) return reply.code(400).send({ code: 'BAD_REQUEST', message: e.message })
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      const code = e.statusCode === 413 ? 'TOO_LARGE' : e.statusCode === 429 ? 'RATE_LIMITED' : 'BAD_REQUEST'
      return reply.code(e.statusCode).send({ code, message: e.message })
    }
    request.log.error({ err }, 'unhandled error')
    return reply.code(500).send({ code: 'INTERNAL', message: ERRORS.INTERNAL.message })
  })
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ code: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0]}` })
  })

  const allowedOrigins = [new URL(config.publicUrl).origin, ...config.allowedOrigins]

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(allowedOrigins) },
    // Invite secrets live in URL fragments and localStorage: no referrer, no framing.
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    // Cross-origin isolation would block nothing Nudge loads, but also buys nothing yet.
    crossOriginEmbedderPolicy: false,
    hsts: config.publicUrl.startsWith('https:') ? { maxAge: 180 * 24 * 3600 } : false,
  })
  await app.register(sitePlugin, {
    publicUrl: config.publicUrlConfigured ? config.publicUrl : undefined,
    port: config.port,
    allowedOrigins: config.allowedOrigins,
  })
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Nudge API', version: '0.1.0' },
      // Room-scoped reads (debriefs) take the invite secret as a bearer token.
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An invite secret of the room' } } },
    },
    transform: jsonSchemaTransform,
  })
  await app.register(storePlugin, { store: deps.store, databaseUrl: config.databaseUrl, dataDir: config.dataDir, quota: config.roomQuota })
  await app.register(redisPlugin, { url: config.redisUrl })
  // Per-route HTTP rate limits (room creation). With Redis every node counts in one place; if
  // Redis is unreachable requests pass rather than fail (rooms are still rate-limited per node
  // by nothing else, so keep Redis healthy in scaled mode).
  await app.register(fastifyRateLimit, {
    global: false,
    ...(app.redis ? { redis: app.redis, nameSpace: `${config.redisPrefix}ratelimit:` } : {}),
    skipOnError: true,
    errorResponseBuilder: (_req, ctx) => new AppError('RATE_LIMITED', `Too many requests from this address. Try again in ${ctx.after}.`),
  })
  await app.register(roomsPlugin)
  await app.register(collabPlugin, {
    batchMs: config.persistBatchMs, maxPendingBytes: config.persistMaxPendingBytes, ticketSecret: config.ticketSecret,
    allowsOrigin: (origin) => app.site.allows(origin), nodeId: config.nodeId, redisPrefix: config.redisPrefix, limits: config.collabLimits,
  })
  await app.register(questionsPlugin, { bank: deps.questions })
  await app.register(interviewPlugin, { redisPrefix: config.redisPrefix })
  await app.register(cohortsPlugin)
  await app.register(loopsPlugin)
  await app.register(cohortLoopsPlugin)
  await app.register(realtimePlugin, { redisPrefix: config.redisPrefix, sendQueueBytes: config.collabLimits.sendQueueBytes, turn: config.turn, limits: config.realtime })
  await app.register(retentionPlugin, { days: config.roomRetentionDays })

  await app.register(healthRoutes)
  await app.register(metricsRoutes, { nodeId: config.nodeId, token: config.metricsToken })
  await app.register(roomRoutes, { createLimit: config.roomCreate })
  await app.register(roomAdminRoutes)
  await app.register(questionRoutes)
  await app.register(debriefRoutes)
  await app.register(replayRoutes)
  await app.register(cohortRoutes, { adminToken: config.adminToken })
  await app.register(loopRoutes, { createLimit: config.roomCreate })
  await app.register(cohortLoopRoutes)
  await app.register(runnerRoutes, { publicUrl: config.publicUrl, clientDist: resolve(config.clientDist ?? defaultClientDist) })
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  const clientDist = resolve(config.clientDist ?? defaultClientDist)
  if (existsSync(resolve(clientDist, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: clientDist,
      wildcard: false,
      // The build writes .br and .gz beside each file (scripts/precompress.mjs); sent by Accept-Encoding.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, path) => reply.header('cache-control', staticCacheControl(path)),
    })
    // Client-side routes (/r/<id>) get the SPA shell.
    app.get('/r/*', (_req, reply) => reply.sendFile('index.html'))
    app.get('/*', (req, reply) => {
      if (req.url.startsWith('/api/')) return reply.code(404).send({ code: 'NOT_FOUND', message: 'No such API route' })
      return reply.sendFile('index.html')
    })
  } else {
    app.log.warn({ clientDist }, 'client build not found; serving the API only (run `pnpm build`)')
  }
  return app
}

/**
 * The page's CSP: everything from this origin. Monaco sets inline styles (style-src
 * 'unsafe-inline'); its workers are files of this origin, and a code runner's sandboxed frame
 * may start `blob:`/`data:` workers; WebSockets go to this origin or a configured one. A route
 * that needs another policy sets its own header.
 */
function contentSecurityPolicy(allowedOrigins: string[]): Record<string, string[]> {
  const ws = allowedOrigins.map((o) => o.replace(/^http/, 'ws'))
  return {
    defaultSrc: ["'self'"],
    // 'wasm-unsafe-eval' lets WebAssembly compile (never JS eval): the whiteboard's SVG export
    // subsets its fonts with a WebAssembly module before embedding them.
    scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'", ...allowedOrigins, ...ws],
    workerSrc: ["'self'", 'blob:', 'data:'],
    frameSrc: ["'self'", 'blob:', 'data:'],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  }
}
