import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSqliteStore } from '@nudge/server/store/sqlite.ts'
const dir = mkdtempSync(join(tmpdir(), 'sq-'))
const store = createSqliteStore(join(dir, 'n.db'))
await store.migrate()
const rooms = Array.from({ length: 1000 }, (_, i) => `room${String(i).padStart(8, '0')}abc`)
for (const r of rooms) await store.createRoom({ id: r, title: 't', createdAt: 0, epoch: 'e' }, [{ role: 'candidate', tokenHash: r }], null)
const data = new Uint8Array(30)
const times: number[] = []
for (let b = 0; b < 1500; b++) {
  const recs = Array.from({ length: 50 }, () => ({ roomId: rooms[Math.floor(Math.random() * rooms.length)]!, data, author: 'p', createdAt: Date.now() }))
  const t = performance.now()
  await store.appendUpdates(recs)
  times.push(performance.now() - t)
}
times.sort((a, b) => a - b)
console.log('append 50 rows ms p50', times[750]!.toFixed(2), 'p99', times[1485]!.toFixed(2), 'max', times.at(-1)!.toFixed(1), 'mean', (times.reduce((a, b) => a + b) / times.length).toFixed(2))
await store.close()
