import { parseArgs } from 'node:util'
import type { DiagnosticsReply } from '@nudge/server/diagnostics.ts'
import { RawClient } from './clients/raw.ts'
import { HintChannel } from './hints.ts'
import type { RoomSpec, ServerKind } from './protocol.ts'
import { ServerProc } from './servers.ts'
import { log, sleep } from './session.ts'
import { round } from './stats.ts'

/**
 * `pnpm --filter @nudge/tests bench:memory`: what each part of an idle room costs the server, by
 * adding them one at a time to N rooms and reading the server's memory after a full GC each time:
 * the rooms created (not loaded), the first y-websocket connection (loads the document), a second
 * one, then each participant's Socket.IO connection. Per item: RSS, V8 heap used and committed,
 * external memory. `--servers nudge,y-websocket`; BENCH_NUDGE_DIR / BENCH_SERVER_NODE_FLAGS as
 * for `pnpm bench`, so two checkouts or flag sets can be set side by side.
 */
const { values } = parseArgs({ options: { rooms: { type: 'string' }, servers: { type: 'string' }, flags: { type: 'string' } } }) // --flags="--a --b"
const ROOMS = Number(values.rooms ?? 200)
const KINDS = String(values.servers ?? 'nudge,y-websocket').split(',') as ServerKind[]

interface Step {
  step: string
  rss_kb: number
  heap_used_kb: number
  heap_total_kb: number
  external_kb: number
}

/** A full GC, 15 s without one, another and a reading, until two readings agree within 1 MB: see `settled` in phases.ts. */
async function settle(srv: ServerProc): Promise<DiagnosticsReply> {
  await srv.stats({ gc: true })
  let prev: DiagnosticsReply | null = null
  for (let i = 0; i < 4; i++) {
    await sleep(15_000)
    const now = await srv.stats({ gc: true })
    if (prev && Math.abs(now.rss - prev.rss) < 1024 * 1024) return now
    prev = now
  }
  return prev!
}

async function measure(kind: ServerKind): Promise<Step[]> {
  const flags = values.flags ? values.flags.split(/\s+/).filter(Boolean) : undefined
  const srv = await ServerProc.start(kind, { core: null, flags })
  const clients: { close(): void }[] = []
  const steps: Step[] = []
  try {
    let prev = await settle(srv)
    const add = async (step: string, n: number) => {
      const now = await settle(srv)
      const kb = (a: number, b: number) => round((a - b) / 1024 / n, 1)
      steps.push({ step, rss_kb: kb(now.rss, prev.rss), heap_used_kb: kb(now.heapUsed, prev.heapUsed), heap_total_kb: kb(now.heapTotal, prev.heapTotal), external_kb: kb(now.external, prev.external) })
      log(`${kind} ${step}: ${JSON.stringify(steps.at(-1))}`)
      prev = now
    }
    const specs: RoomSpec[] = []
    for (let i = 0; i < ROOMS; i++) specs.push(await srv.createRoom(false))
    if (kind === 'nudge') await add('room created (not loaded)', ROOMS)
    const yjs = async (role: 'candidate' | 'interviewer') => {
      await Promise.all(
        specs.map((spec) => {
          const url = kind === 'nudge' ? `${srv.wsUrl}/yjs/${spec.id}?token=${spec.tokens![role]}&nudge=1` : `${srv.wsUrl}/${spec.id}`
          const c = new RawClient(url, null, { error: (w) => log(`error: ${w}`) })
          clients.push({ close: () => c.destroy() })
          c.connect()
          return c.synced()
        }),
      )
    }
    await yjs('candidate')
    await add('1st y-websocket connection (loads the room)', ROOMS)
    await yjs('interviewer')
    await add('2nd y-websocket connection', ROOMS)
    if (kind === 'nudge') {
      await Promise.all(
        specs.map((spec) => {
          const h = new HintChannel(srv.url, spec.id, spec.tokens!, { error: (w) => log(`error: ${w}`), received: () => {} })
          clients.push(h)
          return h.connect(30_000)
        }),
      )
      await add('2 Socket.IO connections (candidate + interviewer)', ROOMS)
    }

  } finally {
    for (const c of clients) c.close()
    await srv.stop()
  }
  return steps
}

const all: Record<string, Step[]> = {}
for (const k of KINDS) all[k] = await measure(k)
console.log(`\nPer item, ${ROOMS} rooms (KB; after a full GC):\n`)
console.log('| server | step | RSS | heap used | heap committed | external |')
console.log('|---|---|---|---|---|---|')
for (const [k, steps] of Object.entries(all)) for (const s of steps) console.log(`| ${k} | ${s.step} | ${s.rss_kb} | ${s.heap_used_kb} | ${s.heap_total_kb} | ${s.external_kb} |`)
process.exit(0)
