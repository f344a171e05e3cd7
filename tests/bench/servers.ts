import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream, existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DiagnosticsReply } from '@nudge/server/diagnostics.ts'
import type { CreateRoomResponse } from '@nudge/shared'
import { freePort, serverStartArgs } from '../utils/process.ts'
import type { RoomSpec, ServerKind } from './protocol.ts'

const testsDir = fileURLToPath(new URL('..', import.meta.url))
const serverDir = fileURLToPath(new URL('../../server', import.meta.url))
/** Node flags Nudge ships with (`pnpm start`), without the loader and entry: reported with the figures. */
export function shippedNodeFlags(): string[] {
  return serverStartArgs().filter((a, i, all) => a.startsWith('--') && a !== '--import' && all[i - 1] !== '--import')
}

/** Experiments: extra node flags for every server under test (BENCH_SERVER_NODE_FLAGS). */
export function extraNodeFlags(): string[] {
  return (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean)
}

/** Every process this harness started; killed if the orchestrator exits half-way. */
const spawned = new Set<ChildProcess>()
process.on('exit', () => {
  for (const c of spawned) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
})
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130))

/** Registers a child for clean-up (the load workers use it too). */
export function track(child: ChildProcess): ChildProcess {
  spawned.add(child)
  child.once('exit', () => spawned.delete(child))
  return child
}

/**
 * Servers under test and load generators run in sessions of their own (setsid). Linux groups the
 * processes of each session for CPU scheduling (autogroup, on by default): a session's tasks share
 * one fair share per core, whatever their nice values, so the server and the load generator in the
 * harness's session would split one share between them, while every other session on the machine
 * (say, a test run started with `nice -n 10` in its own shell) gets a full share. In their own
 * sessions they compete as the separate programs they are in production. The orchestrator still
 * kills them when it exits (see `track`).
 */
export const SESSION = process.env.BENCH_SAME_SESSION !== '1'

const TASKSET = ['/usr/bin/taskset', '/bin/taskset'].find((p) => existsSync(p)) ?? null

/** `taskset -c <core>` prefix, or nothing where taskset is missing (then nothing is pinned). */
export function pinned(core: number | null, argv: string[]): [string, string[]] {
  if (core === null || !TASKSET) return [argv[0]!, argv.slice(1)]
  return [TASKSET, ['-c', String(core), ...argv]]
}

export const canPin = (): boolean => TASKSET !== null

export interface ProcSample {
  at: number
  /** utime + stime, clock ticks (USER_HZ = 100 on Linux). */
  ticks: number
  /** The same for the main thread alone (the event loop); the rest is GC helper, storage and other threads. */
  mainTicks: number
  rss: number
  /** Bytes this process caused to be written to the block layer. */
  writeBytes: number
  /** Run-queue wait of the main thread, ns (/proc/<pid>/schedstat): time starved of CPU. */
  waitNs: number
}

/** CPU time (user + system, clock ticks) from a /proc `stat` file: a process's or one thread's. */
export function statTicks(path: string): number {
  const stat = readFileSync(path, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[11]) + Number(fields[12])
}

export function procSample(pid: number): ProcSample {
  const ticks = statTicks(`/proc/${pid}/stat`)
  let mainTicks = ticks
  try {
    mainTicks = statTicks(`/proc/${pid}/task/${pid}/stat`)
  } catch {
    // no per-thread figures here: everything counts as the main thread
  }
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  let writeBytes = 0
  try {
    writeBytes = Number(/write_bytes:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0)
  } catch {
    // /proc/<pid>/io can be unreadable in some containers
  }
  // Main thread only (the event loop): ns it ran, and ns it was runnable but waiting for a CPU.
  const [, waitNs] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ').map(Number)
  return { at: performance.now(), ticks, mainTicks, rss: rssKb * 1024, writeBytes, waitNs: waitNs ?? 0 }
}

/** Share of the interval the process's main thread was ready to run but another task had its core, %. */
export const waitPct = (a: ProcSample, b: ProcSample): number => ((b.waitNs - a.waitNs) / 1e6 / (b.at - a.at)) * 100

/** CPU % of one core between two samples. */
export const cpuPct = (a: ProcSample, b: ProcSample): number => ((b.ticks - a.ticks) / 100 / ((b.at - a.at) / 1000)) * 100

/**
 * One server under test, in its own process pinned to the server core, started with
 * --expose-gc so memory is read after a full collection, and with the diagnostics IPC channel.
 */
export class ServerProc {
  private nextId = 1
  private waiting = new Map<number, (r: DiagnosticsReply) => void>()
  private out = ''
  readonly exited: Promise<number | null>

  private constructor(
    readonly kind: ServerKind,
    readonly child: ChildProcess,
    readonly port: number,
    readonly dataDir: string | null,
  ) {
    child.on('message', (m: DiagnosticsReply) => {
      if (m && m.diag === 'stats') {
        this.waiting.get(m.id)?.(m)
        this.waiting.delete(m.id)
      }
    })
    const logDir = process.env.BENCH_SERVER_LOG_DIR
    if (logDir) {
      const f = createWriteStream(join(logDir, `${kind}-${child.pid}.log`))
      child.stdout?.pipe(f)
      child.stderr?.pipe(f)
    }
    child.stdout?.on('data', (d: Buffer) => (this.out = (this.out + d.toString()).slice(-20_000)))
    child.stderr?.on('data', (d: Buffer) => (this.out = (this.out + d.toString()).slice(-20_000)))
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)))
    track(child)
  }

  get pid(): number {
    return this.child.pid!
  }
  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`
  }
  output(): string {
    return this.out
  }

  static async start(kind: ServerKind, opts: { core: number | null; cpuProfDir?: string; flags?: string[]; env?: Record<string, string> }): Promise<ServerProc> {
    // KEY=value items of a variant are environment variables for the server, the rest node flags.
    const variantEnv: Record<string, string> = {}
    const extra = extraNodeFlags()
    let dir = process.env.BENCH_NUDGE_DIR || serverDir
    for (const a of opts.flags ?? []) {
      const env = /^([A-Z_]+)=(.*)$/.exec(a)
      const other = /^dir=(.+)$/.exec(a)
      if (env) variantEnv[env[1]!] = env[2]!
      else if (other) dir = other[1]!
      else extra.push(a)
    }
    Object.assign(variantEnv, opts.env ?? {})
    // After the flags a server ships with, so an experiment's flag overrides a shipped one.
    const benchArgs = ['--expose-gc', ...extra, ...(opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [])]
    const stdio: ['ignore', 'pipe', 'pipe', 'ipc'] = ['ignore', 'pipe', 'pipe', 'ipc']
    if (kind === 'nudge') {
      const port = await freePort()
      const dataDir = mkdtempSync(join(tmpdir(), 'nudge-bench-'))
      // Nudge runs as it ships: `pnpm start`'s node flags (server/package.json, the Dockerfile's CMD).
      const start = serverStartArgs()
      const [cmd, args] = pinned(opts.core, [process.execPath, ...start.slice(0, -1), ...benchArgs, start.at(-1)!])
      const child = track(spawn(cmd, args, {
        cwd: dir,
        stdio,
        detached: SESSION,
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DIAGNOSTICS_IPC: 'true', ROOM_CREATE_MAX: '100000', ...variantEnv },
      }))
      const srv = new ServerProc(kind, child, port, dataDir)
      await srv.waitReady(async () => (await fetch(`${srv.url}/readyz`).then((r) => r.ok, () => false)) || null)
      return srv
    }
    const entry = join(testsDir, 'bench', 'servers', `${kind}.ts`)
    // The references run with Node's defaults, as their packages start them.
    const [cmd, args] = pinned(opts.core, [process.execPath, ...benchArgs, '--import', 'tsx', entry])
    const child = track(spawn(cmd, args, { cwd: testsDir, stdio, detached: SESSION, env: { ...process.env, NODE_ENV: 'production' } }))
    const port = await new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${kind} did not start`)), 120_000)
      child.on('message', (m: { ready?: boolean; port?: number }) => {
        if (m?.ready) {
          clearTimeout(t)
          resolve(m.port!)
        }
      })
      child.once('exit', (code) => reject(new Error(`${kind} exited with ${code}`)))
    })
    return new ServerProc(kind, child, port, null)
  }

  private async waitReady(check: () => Promise<true | null>): Promise<void> {
    // Starting means compiling the server's TypeScript (tsx): on a busy two-core machine that
    // alone has taken over 30 s.
    const end = Date.now() + 120_000
    while (Date.now() < end) {
      if (this.child.exitCode !== null) break
      if (await check()) return
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error(`${this.kind} did not become ready:\n${this.out}`)
  }

  stats(opts: { gc?: boolean; resetLoop?: boolean } = {}): Promise<DiagnosticsReply> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const gone = () => reject(new Error(`${this.kind} exited (${this.child.exitCode ?? this.child.signalCode}) before replying:\n${this.out.slice(-2000)}`))
      const t = setTimeout(() => {
        this.child.off('exit', gone)
        reject(new Error(`${this.kind}: no diagnostics reply in 120 s:\n${this.out.slice(-2000)}`))
      }, 120_000)
      this.child.once('exit', gone)
      this.waiting.set(id, (r) => {
        clearTimeout(t)
        this.child.off('exit', gone)
        resolve(r)
      })
      this.child.send({ diag: 'stats', id, ...opts })
    })
  }

  sample(): ProcSample {
    return procSample(this.pid)
  }

  async createRoom(observer: boolean): Promise<RoomSpec> {
    if (this.kind !== 'nudge') return { id: randomBytes(9).toString('base64url'), observer }
    const res = await fetch(`${this.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    if (res.status !== 201) throw new Error(`create room: ${res.status} ${await res.text()}`)
    const body = (await res.json()) as CreateRoomResponse
    const token = (u: string) => new URL(u).hash.replace('#token=', '')
    return {
      id: body.id,
      observer,
      tokens: { candidate: token(body.invites.candidate), interviewer: token(body.invites.interviewer), observer: token(body.invites.observer) },
    }
  }

  /** SIGTERM (Nudge stores pending edits and exits; --cpu-prof writes its profile then). */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    this.child.kill('SIGTERM')
    const t = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs)
    await this.exited
    clearTimeout(t)
  }
}
