import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { FromWorker, ToWorker } from './protocol.ts'
import { SESSION, canPin, procSample, track, type ProcSample } from './servers.ts'

const workerPath = fileURLToPath(new URL('./worker.ts', import.meta.url))
const testsDir = fileURLToPath(new URL('..', import.meta.url))

type Msg = ToWorker extends infer M ? (M extends { id: number } ? Omit<M, 'id'> : never) : never

/** Load-generator processes, all pinned to the load core, driven over IPC. */
export class WorkerPool {
  private nextId = 1
  private waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()

  private constructor(readonly children: ChildProcess[]) {
    for (const c of children) {
      c.on('message', (m: FromWorker) => {
        const w = this.waiting.get(m.id)
        if (!w) return
        this.waiting.delete(m.id)
        if (m.t === 'ok') w.resolve(m.result)
        else w.reject(new Error(m.message))
      })
      c.on('exit', (code) => {
        if (code !== 0 && code !== null) {
          for (const w of this.waiting.values()) w.reject(new Error(`load worker exited with ${code}`))
          this.waiting.clear()
        }
      })
    }
  }

  static start(n: number, core: number | null): WorkerPool {
    const pin = core !== null && canPin()
    const children = Array.from({ length: n }, () =>
      track(fork(workerPath, [], {
        cwd: testsDir,
        // Its own session, so its own scheduler group: see SESSION in servers.ts.
        detached: SESSION,
        // fork runs `<execPath> <execArgv> worker.ts`: taskset then execs node on the load core.
        execPath: pin ? '/usr/bin/taskset' : process.execPath,
        execArgv: [
          ...(pin ? ['-c', String(core), process.execPath] : []),
          // Debugging the load generator itself: BENCH_WORKER_PROF=<dir> profiles every worker.
          ...(process.env.BENCH_WORKER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_PROF}`] : []),
          // A larger young generation: far fewer scavenges for the load generator's short-lived
          // frames (the servers under test run with their own flags: see servers.ts).
          '--max-semi-space-size=32',
          '--import',
          'tsx',
        ],
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      })),
    )
    return new WorkerPool(children)
  }

  get size(): number {
    return this.children.length
  }

  call<T = unknown>(i: number, msg: Msg): Promise<T> {
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject })
      this.children[i]!.send({ ...msg, id } as ToWorker, (err) => {
        if (!err) return
        this.waiting.delete(id)
        reject(err)
      })
    })
  }

  all<T = unknown>(msg: Msg | ((i: number) => Msg)): Promise<T[]> {
    return Promise.all(this.children.map((_, i) => this.call<T>(i, typeof msg === 'function' ? msg(i) : msg)))
  }

  samples(): ProcSample[] {
    return this.children.map((c) => procSample(c.pid!))
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(async (c, i) => {
        if (c.exitCode !== null) return
        const gone = new Promise((r) => c.once('exit', r))
        this.call(i, { t: 'exit' }).catch(() => {})
        const t = setTimeout(() => c.kill('SIGKILL'), 5000)
        await gone
        clearTimeout(t)
      }),
    )
  }
}
