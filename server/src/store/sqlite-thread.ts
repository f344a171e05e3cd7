import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import {
  CompiledQuery, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
  type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryCompiler, type QueryResult, type TransactionSettings,
} from 'kysely'
import { docKey, type AppendResult, type UpdateRecord } from './types.ts'

/**
 * Runs in the worker thread (plain JS, so it needs no TypeScript loader): the one connection to
 * the SQLite file. WAL lets readers run beside the writer; synchronous=FULL fsyncs each commit so
 * an acknowledged ("saved") edit survives a crash of the process or the machine.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = FULL')
db.pragma('foreign_keys = ON')
db.pragma('busy_timeout = 5000')
// Checkpoint every ~40 MB of WAL rather than SQLite's 4 MB: each update-log commit rewrites the
// same hot index pages, and a checkpoint copies each page once however often it was rewritten,
// so fewer checkpoints write far less (about a quarter less storage-thread CPU per batch).
db.pragma('wal_autocheckpoint = 10000')
const statements = new Map()
const bind = (p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p)
let insertUpdate = null
let chargeLog = null
// The update log's batches: one prepared insert per row, and each room's bytes added to its usage
// (kysely-store.ts chargeLog, the same statement), all in one transaction (one commit).
const appendUpdates = db.transaction((strings, rows, data) => {
  insertUpdate ??= db.prepare('insert into doc_updates (room_id, doc, data, author, created_at) values (?, ?, ?, ?, ?)')
  chargeLog ??= db.prepare(
    'insert into room_usage (room_id, events, event_bytes, active_at, log_bytes) ' +
    'select id, 0, 0, created_at, ? from rooms where id = ? ' +
    'on conflict (room_id) do update set log_bytes = room_usage.log_bytes + excluded.log_bytes ' +
    'returning log_bytes')
  const ids = new Float64Array(rows.length / 5)
  const perRoom = new Map()
  for (let i = 0, offset = 0; i < ids.length; i++) {
    const length = rows[i * 5 + 3]
    const r = insertUpdate.run(strings[rows[i * 5]], strings[rows[i * 5 + 4]], Buffer.from(data, offset, length), strings[rows[i * 5 + 1]], rows[i * 5 + 2])
    ids[i] = Number(r.lastInsertRowid)
    offset += length
    perRoom.set(rows[i * 5], (perRoom.get(rows[i * 5]) ?? 0) + length)
  }
  // Pairs of (room's string index, its log bytes after the batch); a deleted room has no row.
  const totals = []
  for (const [room, bytes] of perRoom) {
    const row = chargeLog.get(bytes, strings[room])
    if (row) totals.push(room, Number(row.log_bytes))
  }
  return { ids, totals: Float64Array.from(totals) }
})
parentPort.on('message', (m) => {
  if (m.op === 'append') {
    try {
      const { ids, totals } = appendUpdates(m.strings, m.rows, m.data)
      parentPort.postMessage({ id: m.id, ids, totals }, [ids.buffer, totals.buffer])
    } catch (err) {
      parentPort.postMessage({ id: m.id, error: { message: String((err && err.message) || err), code: err && err.code } })
    }
    return
  }
  try {
    let stmt = statements.get(m.sql)
    if (!stmt) {
      stmt = db.prepare(m.sql)
      if (statements.size > 500) statements.clear()
      statements.set(m.sql, stmt)
    }
    const params = m.params.map(bind)
    if (stmt.reader) {
      parentPort.postMessage({ id: m.id, rows: stmt.all(params) })
    } else {
      const r = stmt.run(params)
      parentPort.postMessage({ id: m.id, changes: BigInt(r.changes), lastInsertRowid: BigInt(r.lastInsertRowid) })
    }
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: { message: String((err && err.message) || err), code: err && err.code } })
  }
})
`

interface Reply {
  id: number
  rows?: Record<string, unknown>[]
  changes?: bigint
  lastInsertRowid?: bigint
  /** Row ids of an `append`, in the order of its rows. */
  ids?: Float64Array
  /** Of an `append`: pairs of (room's index in its strings, the room's log bytes after it). */
  totals?: Float64Array
  error?: { message: string; code?: string }
}

/**
 * SQLite for Kysely with the database on a worker thread. better-sqlite3 is synchronous: on the
 * event loop every query — and every commit's fsync — stalled all realtime traffic (edits,
 * cursors, hints), for hundreds of milliseconds when the disk was busy. Here the event loop only
 * posts the compiled query and awaits the answer. Same SQL, same single connection, same
 * transaction semantics as Kysely's SqliteDialect (one transaction at a time, by mutex).
 */
export class ThreadedSqliteDialect implements Dialect {
  /** The driver Kysely runs on, also used for the update log's batches (`ThreadedSqliteDriver.appendUpdates`). */
  readonly driver: ThreadedSqliteDriver
  constructor(file: string) {
    this.driver = new ThreadedSqliteDriver(file)
  }
  createDriver(): Driver {
    return this.driver
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler()
  }
  createAdapter() {
    return new SqliteAdapter()
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db)
  }
}

export class ThreadedSqliteDriver implements Driver {
  private worker: Worker | null = null
  private nextId = 1
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>()
  private readonly inflight = new Set<Promise<unknown>>()
  private destroyed = false
  private readonly connection = new ThreadConnection(this)
  private lock: Promise<void> | null = null
  private unlock: (() => void) | null = null

  constructor(private readonly file: string) {}

  async init(): Promise<void> {
    if (!this.worker) this.start()
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: this.file, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
    })
    worker.on('message', (m: Reply) => {
      const w = this.waiting.get(m.id)
      this.waiting.delete(m.id)
      // Only queries in flight keep the process alive, not an idle thread.
      if (this.waiting.size === 0) worker.unref()
      if (!w) return
      if (m.error) w.reject(Object.assign(new Error(m.error.message), { code: m.error.code }))
      else w.resolve(m)
    })
    // A crashed thread fails the queries it held (callers retry: the update log keeps its
    // batch); the next query starts a new thread.
    const fail = (err: Error) => {
      if (this.worker !== worker) return
      this.worker = null
      for (const w of this.waiting.values()) w.reject(err)
      this.waiting.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`SQLite thread exited with code ${code}`)))
    worker.unref()
    this.worker = worker
    return worker
  }

  query(sql: string, params: readonly unknown[]): Promise<Reply> {
    return this.request({ sql, params })
  }

  /**
   * Appends update-log rows in one transaction, the way Kysely would with one multi-row insert,
   * but posted as one buffer of bytes plus a table of numbers rather than five parameters per
   * row, and inserted by one prepared statement: the update log writes a batch every ~20 ms, and
   * cloning its parameters and compiling, parsing and planning a new hundred-row statement cost
   * both threads more than the inserts. It waits for the connection like a transaction does.
   */
  async appendUpdates(batch: readonly UpdateRecord[]): Promise<AppendResult> {
    const lastIds = new Map<string, number>()
    const logBytes = new Map<string, number>()
    if (batch.length === 0) return { lastIds, logBytes }
    const strings: string[] = []
    const index = new Map<string, number>()
    const intern = (s: string) => {
      let i = index.get(s)
      if (i === undefined) index.set(s, (i = strings.push(s) - 1))
      return i
    }
    // Five numbers per row: room (string index), author (string index), time, bytes, document (string index).
    const rows = new Float64Array(batch.length * 5)
    let bytes = 0
    batch.forEach((u, i) => {
      rows[i * 5] = intern(u.roomId)
      rows[i * 5 + 1] = intern(u.author)
      rows[i * 5 + 2] = u.createdAt
      rows[i * 5 + 3] = u.data.byteLength
      rows[i * 5 + 4] = intern(u.doc)
      bytes += u.data.byteLength
    })
    const data = new Uint8Array(bytes)
    let offset = 0
    for (const u of batch) {
      data.set(u.data, offset)
      offset += u.data.byteLength
    }
    await this.acquireConnection()
    try {
      const { ids, totals } = await this.request({ op: 'append', strings, rows, data: data.buffer }, [data.buffer, rows.buffer])
      batch.forEach((u, i) => {
        const key = docKey(u.roomId, u.doc)
        lastIds.set(key, Math.max(lastIds.get(key) ?? 0, ids![i]!))
      })
      for (let i = 0; i < totals!.length; i += 2) logBytes.set(strings[totals![i]!]!, totals![i + 1]!)
      return { lastIds, logBytes }
    } finally {
      await this.releaseConnection()
    }
  }

  private request(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.destroyed) return Promise.reject(new Error('The SQLite store is closed'))
    const worker = this.worker ?? this.start()
    const id = this.nextId++
    worker.ref()
    const p = new Promise<Reply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      worker.postMessage({ id, ...message }, transfer)
    })
    this.inflight.add(p)
    const done = () => void this.inflight.delete(p)
    p.then(done, done)
    return p
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // One connection: wait until whoever holds it (a transaction) releases it.
    while (this.lock) await this.lock
    this.lock = new Promise((resolve) => (this.unlock = resolve))
    return this.connection
  }

  async releaseConnection(): Promise<void> {
    const unlock = this.unlock
    this.lock = null
    this.unlock = null
    unlock?.()
  }

  async beginTransaction(c: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('begin'))
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('commit'))
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('rollback'))
  }

  /** Waits for queries in flight, then stops the thread (closing the database). */
  async destroy(): Promise<void> {
    await Promise.allSettled([...this.inflight])
    this.destroyed = true
    const worker = this.worker
    this.worker = null
    await worker?.terminate()
  }
}

class ThreadConnection implements DatabaseConnection {
  constructor(private readonly driver: ThreadedSqliteDriver) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const r = await this.driver.query(compiled.sql, compiled.parameters)
    if (r.rows) return { rows: r.rows.map(asBuffers) as R[] }
    return { rows: [], numAffectedRows: r.changes, insertId: r.lastInsertRowid }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported by the threaded SQLite driver')
  }
}

/** BLOBs arrive as Uint8Array (structured clone); better-sqlite3 callers expect Buffers. */
function asBuffers(row: Record<string, unknown>): Record<string, unknown> {
  for (const k in row) {
    const v = row[k]
    if (v instanceof Uint8Array && !Buffer.isBuffer(v)) row[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength)
  }
  return row
}
