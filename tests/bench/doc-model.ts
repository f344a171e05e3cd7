import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { LETTERS } from './room.ts'

/**
 * The server's copy of one room after `keys` keystrokes typed the way the benchmark types
 * (bursts of 3–20 keys at random places, a newline every 40th: tests/bench/room.ts), received
 * update by update as a server receives them.
 */
export function typedRoom(keys: number): Y.Doc {
  const client = new Y.Doc()
  const server = new Y.Doc()
  client.on('update', (u: Uint8Array) => Y.applyUpdate(server, u))
  const text = client.getText('code')
  let typed = 0
  while (typed < keys) {
    const len = 3 + Math.floor(Math.random() * 18)
    let pos = Math.floor(Math.random() * (text.length + 1))
    for (let i = 0; i < len && typed < keys; i++, typed++) text.insert(Math.min(pos++, text.length), typed % 40 === 39 ? '\n' : LETTERS[Math.floor(Math.random() * LETTERS.length)]!)
  }
  client.destroy()
  return server
}

/** Live heap per document (KB) of `docs` such rooms, read after full GCs (needs --expose-gc), and one's encoded size. */
export function documentHeap(keys: number, docs: number): { heap_kb: number; encoded_kb: number } {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('the document model needs --expose-gc')
  gc()
  const before = process.memoryUsage().heapUsed
  const held = Array.from({ length: docs }, () => typedRoom(keys))
  gc()
  const heap = (process.memoryUsage().heapUsed - before) / docs
  const encoded = Y.encodeStateAsUpdate(held[0]!).byteLength
  for (const d of held) d.destroy()
  return { heap_kb: Math.round(heap / 102.4) / 10, encoded_kb: Math.round(encoded / 102.4) / 10 }
}

/** The same, measured in a process of its own (the harness runs without --expose-gc). */
export function documentHeapInChild(keys: number, docs: number): Promise<{ heap_kb: number; encoded_kb: number }> {
  const script = fileURLToPath(new URL('./doc-heap.ts', import.meta.url))
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, '--keys', String(keys), '--docs', String(docs), '--json'], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`doc-heap exited with ${code}`))
      try {
        resolve(JSON.parse(out) as { heap_kb: number; encoded_kb: number })
      } catch (err) {
        reject(err as Error)
      }
    })
  })
}
