import { performance } from 'node:perf_hooks'
import type { ColdLoadResult, FromWorker, RoomSpec, ToWorker } from './protocol.ts'
import { Recorder } from './recorder.ts'
import { makeClient, RoomActor, withTimeout, type Ctx } from './room.ts'
import { Samples } from './stats.ts'
import { hintVia } from './hints.ts'
import type { DocClient } from './clients/types.ts'

/**
 * A load-generator process (forked by run.ts, pinned to the load core). It owns whole rooms,
 * so a keystroke's sender and receiver share this process's monotonic clock.
 */
const recorder = new Recorder()
let ctx: Ctx | null = null
const rooms: RoomActor[] = []
let probes: ResyncProbe[] = []
const CONNECT_TIMEOUT_MS = 30_000

const send = (m: FromWorker) => process.send!(m)

process.on('message', (m: ToWorker) => {
  handle(m).then(
    (result) => send({ t: 'ok', id: m.id, result }),
    (err: unknown) => send({ t: 'error', id: m.id, message: err instanceof Error ? err.message : String(err) }),
  )
})
process.on('disconnect', () => process.exit(0))
// A client library's stray 'error' event must not take down hundreds of rooms. Closing a socket
// that is still connecting (a probe stopped mid-reconnect) is teardown, not a server problem.
process.on('uncaughtException', (err) => {
  if (/closed before the connection was established/.test(err.message)) return
  recorder.error(`uncaught: ${err.message}`)
})

async function handle(m: ToWorker): Promise<unknown> {
  switch (m.t) {
    case 'config':
      ctx = { target: m.target, workload: m.workload, clients: m.clients, recorder }
      return
    case 'add': {
      const c = need(ctx)
      const added = m.rooms.map((spec) => new RoomActor(spec, c))
      let failed = 0
      await pool(added, m.concurrency, async (room) => {
        try {
          await room.connect(CONNECT_TIMEOUT_MS)
          rooms.push(room)
        } catch (err) {
          failed++
          recorder.error(String(err))
          room.close()
        }
      })
      return { connected: added.length - failed, failed, hintVia: await hintVia() }
    }
    case 'activate':
      for (const r of rooms) r.activate()
      return
    case 'measure:start': {
      recorder.start(performance.now())
      const c = need(ctx)
      probes = rooms.slice(0, m.resyncProbes).map((r) => new ResyncProbe(c, r.spec, m.resyncOfflineMs))
      for (const p of probes) p.start()
      return
    }
    case 'measure:stop': {
      recorder.stopSending(performance.now())
      for (const p of probes) p.stop()
      probes = []
      // Late deliveries of keystrokes sent in the window still count, up to the grace period.
      await new Promise((r) => setTimeout(r, m.graceMs))
      return recorder.collect()
    }
    case 'quiesce':
      for (const r of rooms) r.quiesce()
      return
    case 'close-all':
      for (const r of rooms.splice(0)) r.close()
      return
    case 'cold-load':
      return coldLoad(need(ctx), m.rooms)
    case 'exit':
      setTimeout(() => process.exit(0), 10)
      return
  }
}

/**
 * A second tab of the interviewer that drops its connection for a while (the candidate keeps
 * typing) and reconnects: measured from opening the new connection to the document synced.
 */
class ResyncProbe {
  private client: DocClient
  private timer: NodeJS.Timeout | null = null
  private stopped = false

  constructor(ctx: Ctx, spec: RoomSpec, private readonly offlineMs: number) {
    this.client = makeClient(ctx, spec, 'probe', { error: (w) => recorder.error(`probe: ${w}`) })
  }

  start(): void {
    this.client.connect()
    void this.client.synced().then(() => this.cycle())
  }

  private cycle(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.client.disconnect()
      this.timer = setTimeout(() => {
        if (this.stopped) return
        const t0 = performance.now()
        this.client.connect()
        void this.client.synced().then(() => {
          if (this.stopped) return
          recorder.resync.push(performance.now() - t0)
          this.cycle()
        })
      }, this.offlineMs)
    }, 500 + Math.random() * 1000)
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.client.destroy()
  }
}

/** Opens each (unloaded) room in turn: first client = load from storage, second = already loaded. */
async function coldLoad(c: Ctx, specs: RoomSpec[]): Promise<ColdLoadResult> {
  const cold = new Samples()
  const warm = new Samples()
  let errors = 0
  for (const spec of specs) {
    const first = makeClient(c, spec, 'probe', { error: () => errors++ })
    const second = makeClient(c, spec, 'probe', { error: () => errors++ })
    try {
      let t0 = performance.now()
      first.connect()
      await withTimeout(first.synced(), 10_000, 'cold load')
      cold.push(performance.now() - t0)
      t0 = performance.now()
      second.connect()
      await withTimeout(second.synced(), 10_000, 'warm load')
      warm.push(performance.now() - t0)
    } catch {
      errors++
    } finally {
      first.destroy()
      second.destroy()
    }
  }
  return { cold: cold.take(), warm: warm.take(), errors }
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!)
  })
  await Promise.all(lanes)
}

function need<T>(v: T | null): T {
  if (v === null) throw new Error('worker not configured')
  return v
}
