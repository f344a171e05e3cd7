import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { UpdateRecord } from './types.ts'

/**
 * Runs in the worker thread (plain JS, so it needs no TypeScript loader). Its own connection to
 * the same SQLite file, with the same durability settings as the main one.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = FULL')
db.pragma('busy_timeout = 5000')
const insert = db.prepare('insert into doc_updates (room_id, data, author, created_at) values (?, ?, ?, ?)')
const append = db.transaction((rows) => {
  for (const r of rows) insert.run(r.roomId, Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength), r.author, r.createdAt)
})
parentPort.on('message', (m) => {
  try {
    append(m.rows)
    parentPort.postMessage({ id: m.id })
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String((err && err.message) || err) })
  }
})
`

/**
 * Appends document updates to the update log from a worker thread. better-sqlite3 is
 * synchronous: on the main thread every batch's B-tree work and commit fsync (synchronous=FULL)
 * stalls the event loop, so relaying edits waited on the disk — badly so when the disk is busy.
 * Here the loop keeps relaying while a batch is written; callers still learn of durability only
 * once the commit (and its fsync) is done. Batches are written in the order they are sent, one
 * transaction each (all or nothing), as `Store.appendUpdates` requires.
 */
export class SqliteAppender {
  private worker: Worker | null = null
  private nextId = 1
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>()
  private readonly inflight = new Set<Promise<void>>()
  private readonly driver = createRequire(import.meta.url).resolve('better-sqlite3')

  constructor(private readonly file: string) {}

  append(batch: UpdateRecord[]): Promise<void> {
    if (batch.length === 0) return Promise.resolve()
    const worker = this.worker ?? this.spawn()
    const id = this.nextId++
    // Keep the process alive while a batch is in flight; an idle thread must not.
    worker.ref()
    const done = new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      worker.postMessage({ id, rows: batch })
    })
    const tracked: Promise<void> = done.then(
      (): void => this.settled(tracked),
      (): void => this.settled(tracked),
    )
    this.inflight.add(tracked)
    return done
  }

  private settled(p: Promise<void>): void {
    this.inflight.delete(p)
    if (this.inflight.size === 0) this.worker?.unref()
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: this.file, driver: this.driver } })
    worker.on('message', (m: { id: number; error?: string }) => {
      const w = this.waiting.get(m.id)
      this.waiting.delete(m.id)
      if (m.error) w?.reject(new Error(m.error))
      else w?.resolve()
    })
    // A crashed thread fails what it held (the update log keeps and retries those batches);
    // the next append starts a new one.
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null
      for (const w of this.waiting.values()) w.reject(err)
      this.waiting.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`sqlite appender exited with code ${code}`)))
    this.worker = worker
    return worker
  }

  /** Waits for queued appends, then stops the thread. */
  async close(): Promise<void> {
    await Promise.all(this.inflight)
    const worker = this.worker
    this.worker = null
    await worker?.terminate()
  }
}
