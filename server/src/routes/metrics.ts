import { timingSafeEqual } from 'node:crypto'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { FastifyPluginAsync } from 'fastify'
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client'
import { AppError } from '@nudge/shared'

export interface MetricsOptions {
  nodeId: string
  /** When set, /metrics requires `Authorization: Bearer <token>` (METRICS_TOKEN). */
  token?: string
}

/**
 * Prometheus text at /metrics. One registry per app (tests run several apps in one process).
 * Cumulative numbers are kept by the collab layer and read at scrape time.
 */
const metricsRoutes: FastifyPluginAsync<MetricsOptions> = async (app, opts) => {
  const register = new Registry()
  register.setDefaultLabels({ node: opts.nodeId })
  collectDefaultMetrics({ register, prefix: 'nudge_process_' })
  const registers = [register]

  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({ name, help, registers, collect() { this.set(read()) } })
  const counter = (name: string, help: string, read: () => number) =>
    new Counter({ name, help, registers, collect() { this.reset(); this.inc(read()) } })

  const log = app.collab.log.stats
  gauge('nudge_rooms_loaded', 'Rooms whose document is loaded on this node', () => app.collab.roomCount)
  gauge('nudge_yjs_connections', 'Open Yjs WebSocket connections', () => [...app.collab.documents()].reduce((n, r) => n + r.sessionCount, 0))
  gauge('nudge_socketio_connections', 'Open Socket.IO connections', () => app.io.engine.clientsCount)
  counter('nudge_doc_updates_total', 'Document updates received from clients on this node', () => log.updates)
  counter('nudge_doc_update_bytes_total', 'Bytes of document updates received on this node', () => log.updateBytes)
  gauge('nudge_doc_updates_per_second', 'Document updates per second over the last 10 s', () => rate.perSecond())
  counter('nudge_persist_batches_total', 'Batches of updates written to storage', () => log.batches)
  counter('nudge_persist_failures_total', 'Failed storage writes (retried; edits kept in memory)', () => log.failures)
  gauge('nudge_persist_failing', '1 while storage writes are failing', () => (log.failingSince ? 1 : 0))
  gauge('nudge_persist_pending_bytes', 'Bytes of edits not yet stored', () => log.pendingBytes)
  gauge('nudge_persist_lag_seconds', 'Oldest update to durable write, in the last batch', () => log.lastLagMs / 1000)
  gauge('nudge_persist_write_seconds', 'Duration of the last batch write', () => log.lastWriteMs / 1000)

  const relay = app.relay
  if (relay) {
    const r = relay.stats
    gauge('nudge_redis_connected', '1 while the Redis connection is ready', () => (relay.connected ? 1 : 0))
    counter('nudge_relay_published_total', 'Relay entries published to Redis', () => r.published)
    counter('nudge_relay_received_total', 'Updates applied from other nodes', () => r.received)
    counter('nudge_relay_publish_failures_total', 'Relay entries that could not be published', () => r.publishFailures)
    counter('nudge_relay_resyncs_total', 'Resyncs after the Redis connection came back', () => r.resyncs)
    counter('nudge_relay_adopted_total', 'Unstored edits of other nodes stored by this node', () => r.adopted)
  }

  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const delay = new Gauge({
    name: 'nudge_event_loop_delay_seconds',
    help: 'Event-loop delay since the previous scrape',
    labelNames: ['quantile'],
    registers,
    collect() {
      this.set({ quantile: '0.5' }, loop.percentile(50) / 1e9)
      this.set({ quantile: '0.99' }, loop.percentile(99) / 1e9)
      this.set({ quantile: '1' }, loop.max / 1e9)
      loop.reset()
    },
  })
  void delay

  const rate = updatesRate(() => log.updates)
  app.addHook('onClose', async () => {
    loop.disable()
    rate.stop()
  })

  const expected = opts.token ? Buffer.from(`Bearer ${opts.token}`) : null
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (expected) {
      // Metrics reveal room counts and load: with a token configured, only the scraper reads them.
      const given = Buffer.from(request.headers.authorization ?? '')
      if (given.byteLength !== expected.byteLength || !timingSafeEqual(given, expected)) throw new AppError('UNAUTHORIZED', 'A metrics token is required.')
    }
    reply.header('content-type', register.contentType)
    return register.metrics()
  })
}

/** Samples a cumulative count once a second; the rate is over the last 10 samples. */
function updatesRate(read: () => number) {
  const samples: number[] = [read()]
  const timer = setInterval(() => {
    samples.push(read())
    if (samples.length > 11) samples.shift()
  }, 1000)
  timer.unref()
  return {
    perSecond: () => (samples.length < 2 ? 0 : (samples.at(-1)! - samples[0]!) / (samples.length - 1)),
    stop: () => clearInterval(timer),
  }
}

export default metricsRoutes
