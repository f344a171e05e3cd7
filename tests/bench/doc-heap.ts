/**
 * How much heap a room's document holds after N minutes of the benchmark's typing (5 keys a
 * second, bursts at random places: doc-model.ts), on the server side. Set against the long run's
 * heap after each window, it says whether the heap's growth is the documents' content or
 * something else (the long run measures it at its end: `doc_model` in benchmarks-long.json).
 *
 *   pnpm --filter @nudge/tests bench:doc-heap [--minutes 10,30,60] [--docs 50]
 *   … --keys 18000 --json     one measurement, as JSON (what the long run asks for)
 */
import { parseArgs } from 'node:util'
import { documentHeap } from './doc-model.ts'

const { values } = parseArgs({ options: { minutes: { type: 'string' }, docs: { type: 'string' }, keys: { type: 'string' }, json: { type: 'boolean' } } })
const CPS = 5
const minutes = String(values.minutes ?? '10,30,60').split(',').map(Number)
const docs = Number(values.docs ?? 50)
const keys = values.keys === undefined ? null : Number(values.keys)
if (minutes.some((m) => !Number.isFinite(m) || m <= 0) || !Number.isInteger(docs) || docs <= 0 || (keys !== null && !(Number.isInteger(keys) && keys > 0))) {
  console.error('usage: pnpm --filter @nudge/tests bench:doc-heap [--minutes 10,30,60] [--docs 50] | [--keys N --json]')
  process.exit(2)
}
if (keys !== null) {
  const m = documentHeap(keys, docs)
  console.log(values.json ? JSON.stringify(m) : `${keys} keys: ${m.heap_kb} KB of heap per document, ${m.encoded_kb} KB encoded`)
} else {
  for (const m of minutes) {
    const r = documentHeap(m * 60 * CPS, docs)
    console.log(`${m} min of typing (${m * 60 * CPS} keys): ${r.heap_kb} KB of heap per document (${(r.heap_kb / m).toFixed(1)} KB per minute), ${r.encoded_kb} KB encoded`)
  }
}
