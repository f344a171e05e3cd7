import type { DiagnosticsReply } from '@nudge/server/diagnostics.ts'
import type { BenchOptions } from './options.ts'
import type { RoomSpec, ServerKind, WindowResult } from './protocol.ts'
import { ServerProc, type ProcSample } from './servers.ts'
import { WorkerPool } from './workers.ts'

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
export const log = (...a: unknown[]) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a)
/** Keystrokes sent in a window may arrive this long after it and still count (later = lost). */
const GRACE_MS = 3000

export interface PersistStats {
  updateBytes: number
  writtenBytes: number
}

/** What one measurement window saw; a run is built from one or more windows. */
export interface WindowMeasure {
  parts: WindowResult[]
  s0: ProcSample
  s1: ProcSample
  w0: ProcSample[]
  w1: ProcSample[]
  before: DiagnosticsReply
  after: DiagnosticsReply
  fromUs: number
  toUs: number
}

/** A server and its load generator, with the rooms created so far. */
export class Session {
  /** Which capacity sweep this server runs (the comparison's server first, a fresh one if that fails). */
  sweep: 'after-compare' | 'fresh' = 'after-compare'
  readonly specs: RoomSpec[] = []
  /** Which Socket.IO command carried the hints (Nudge). */
  hintVia: string | null = null
  connectFailures = 0
  private closed = false
  /**
   * `peers`: further nodes of the same cluster (scaled mode); the interviewer and observer connect
   * to the first peer, and CPU, RSS and I/O figures are those of all nodes together.
   */
  private constructor(readonly opts: BenchOptions, readonly srv: ServerProc, readonly pool: WorkerPool, readonly variant: string | null, readonly peers: ServerProc[] = []) {}

  /** `variant`: extra node flags for an A/B run of the same server (BENCH_NUDGE_VARIANTS); logged, not reported. */
  static async open(kind: ServerKind, opts: BenchOptions, cpuProfDir?: string, variant?: string): Promise<Session> {
    const flags = variant?.split(/\s+/).filter(Boolean)
    const srv = await ServerProc.start(kind, { core: opts.serverCore, cpuProfDir, flags })
    const pool = WorkerPool.start(opts.workers, opts.loadCore)
    await pool.all({ t: 'config', target: { kind, url: srv.url, wsUrl: srv.wsUrl }, workload: opts.workload, clients: opts.clients })
    return new Session(opts, srv, pool, variant ?? null)
  }

  /** A cluster of running Nudge nodes: rooms are created on the first, participants split between the first two. */
  static async openCluster(opts: BenchOptions, nodes: ServerProc[], label: string): Promise<Session> {
    const [first, ...peers] = nodes
    const pool = WorkerPool.start(opts.workers, opts.loadCore)
    await pool.all({ t: 'config', target: { kind: 'nudge', url: first!.url, wsUrl: first!.wsUrl, peerWsUrl: peers[0]?.wsUrl }, workload: opts.workload, clients: opts.clients })
    return new Session(opts, first!, pool, label, peers)
  }

  /** CPU, RSS, I/O and run-queue wait of the server, summed over its nodes in scaled mode. */
  sample(): ProcSample {
    const all = [this.srv, ...this.peers].map((p) => p.sample())
    const sum = all.reduce((a, b) => ({ at: a.at, ticks: a.ticks + b.ticks, mainTicks: a.mainTicks + b.mainTicks, rss: a.rss + b.rss, writeBytes: a.writeBytes + b.writeBytes, waitNs: a.waitNs + b.waitNs }))
    // Run-queue wait is a share of the window: the nodes' mean, not their sum.
    return { ...sum, waitNs: sum.waitNs / all.length }
  }

  /** How the log names this server. */
  get label(): string {
    return this.variant ? `${this.kind} [${this.variant}]` : this.kind
  }

  get kind(): ServerKind {
    return this.srv.kind
  }

  /** Creates rooms up to `total` and connects their participants (idle); returns connect failures. */
  async growTo(total: number): Promise<number> {
    const start = this.specs.length
    const fresh: RoomSpec[] = new Array<RoomSpec>(Math.max(0, total - start))
    const ratio = this.opts.workload.observerRatio
    let next = start
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < total) {
          const i = next++
          // Spread observers evenly rather than randomly, so every run has the same share.
          const observer = Math.floor((i + 1) * ratio) > Math.floor(i * ratio)
          fresh[i - start] = await this.srv.createRoom(observer)
        }
      }),
    )
    this.specs.push(...fresh)
    const perWorker = Array.from({ length: this.pool.size }, (): RoomSpec[] => [])
    fresh.forEach((s, i) => perWorker[i % this.pool.size]!.push(s))
    const res = await this.pool.all<{ connected: number; failed: number; hintVia: string | null }>((i) => ({ t: 'add', rooms: perWorker[i]!, concurrency: 16 }))
    this.hintVia = res.find((r) => r.hintVia)?.hintVia ?? this.hintVia
    const failed = res.reduce((n, r) => n + r.failed, 0)
    this.connectFailures += failed
    return failed
  }

  async activate(): Promise<void> {
    await this.pool.all({ t: 'activate' })
  }

  async quiesce(): Promise<void> {
    await this.pool.all({ t: 'quiesce' })
  }

  async window(windowS: number): Promise<WindowMeasure> {
    const { srv, pool, opts } = this
    const before = await srv.stats({ resetLoop: true })
    const s0 = this.sample()
    const w0 = pool.samples()
    const probes = Math.ceil(opts.resyncProbes / pool.size)
    await pool.all({ t: 'measure:start', resyncProbes: probes, resyncOfflineMs: opts.resyncOfflineMs })
    const fromUs = Number(process.hrtime.bigint() / 1000n)
    await sleep(windowS * 1000)
    const toUs = Number(process.hrtime.bigint() / 1000n)
    const s1 = this.sample()
    const w1 = pool.samples()
    const after = await srv.stats({})
    const parts = await pool.all<WindowResult>({ t: 'measure:stop', graceMs: GRACE_MS })
    return { parts, s0, s1, w0, w1, before, after, fromUs, toUs }
  }

  /** Live heap after a full GC (outside any window: the collection pauses the server). */
  memory(): Promise<DiagnosticsReply> {
    return this.srv.stats({ gc: true })
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.pool.all({ t: 'close-all' }).catch(() => {})
    await this.pool.stop()
    await Promise.all([this.srv, ...this.peers].map((p) => p.stop()))
  }
}
