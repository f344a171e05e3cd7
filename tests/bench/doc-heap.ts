/**
 * How much heap a room's document holds after N minutes of the benchmark's typing (bursts of
 * 3–20 keys at random places, 5 keys a second: tests/bench/room.ts), on the server side (a doc
 * that received the edits update by update). Set against the long run's heap after each window,
 * it says whether the heap's growth is the documents' content or something else.
 *
 *   pnpm --filter @nudge/tests bench:doc-heap [--minutes 10,30,60] [--docs 50]
 */
import { parseArgs } from 'node:util'
import * as Y from 'yjs'

const { values } = parseArgs({ options: { minutes: { type: 'string' }, docs: { type: 'string' } } })
const minutes = String(values.minutes ?? '10,30,60').split(',').map(Number)
const docs = Number(values.docs ?? 50)
if (minutes.some((m) => !Number.isFinite(m) || m <= 0) || !Number.isInteger(docs) || docs <= 0) {
  console.error('usage: pnpm --filter @nudge/tests bench:doc-heap [--minutes 10,30,60] [--docs 50]')
  process.exit(2)
}
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc (the package script does)')
const LETTERS = 'abcdefghijklmnopqrstuvwxyz'
const CPS = 5

/** The server's copy of one room after `chars` keystrokes typed the way the benchmark types. */
function typedRoom(chars: number): Y.Doc {
  const client = new Y.Doc()
  const server = new Y.Doc()
  client.on('update', (u: Uint8Array) => Y.applyUpdate(server, u))
  const text = client.getText('code')
  let typed = 0
  while (typed < chars) {
    const len = 3 + Math.floor(Math.random() * 18)
    let pos = Math.floor(Math.random() * (text.length + 1))
    for (let i = 0; i < len && typed < chars; i++, typed++) text.insert(Math.min(pos++, text.length), typed % 40 === 39 ? '\n' : LETTERS[Math.floor(Math.random() * 26)]!)
  }
  client.destroy()
  return server
}

for (const m of minutes) {
  gc()
  const before = process.memoryUsage().heapUsed
  const held = Array.from({ length: docs }, () => typedRoom(m * 60 * CPS))
  gc()
  const perDoc = (process.memoryUsage().heapUsed - before) / docs
  const encoded = Y.encodeStateAsUpdate(held[0]!).byteLength
  console.log(`${m} min of typing (${m * 60 * CPS} keys): ${(perDoc / 1024).toFixed(0)} KB of heap per document (${(perDoc / m / 1024).toFixed(1)} KB per minute), ${(encoded / 1024).toFixed(0)} KB encoded`)
  for (const d of held) d.destroy()
}
