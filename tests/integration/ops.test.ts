import { describe, expect, it } from 'vitest'
import { yjsClient } from '../utils/clients.ts'
import { createRoom, startCluster } from '../utils/scale.ts'
import { startServer } from '../utils/server.ts'
import { waitFor } from '../utils/wait.ts'

const metric = (text: string, name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN)

describe('operations endpoints', () => {
  it('/metrics speaks Prometheus text: rooms, connections, updates, persistence, event-loop delay', async () => {
    const s = await startServer()
    const before = await (await fetch(`${s.url}/metrics`)).text()
    expect(metric(before, 'nudge_rooms_loaded')).toBe(0)
    const room = await s.createRoom()
    const c = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    await c.synced()
    c.text.insert(0, 'hello')
    await waitFor(async () => metric(await (await fetch(`${s.url}/metrics`)).text(), 'nudge_persist_batches_total') >= 1, 'a batch stored')
    const res = await fetch(`${s.url}/metrics`)
    expect(res.headers.get('content-type')).toContain('text/plain')
    const text = await res.text()
    expect(metric(text, 'nudge_rooms_loaded')).toBe(1)
    expect(metric(text, 'nudge_yjs_connections')).toBe(1)
    expect(metric(text, 'nudge_doc_updates_total')).toBeGreaterThanOrEqual(1)
    expect(metric(text, 'nudge_persist_failures_total')).toBe(0)
    expect(metric(text, 'nudge_persist_pending_bytes')).toBe(0)
    expect(text).toMatch(/^# TYPE nudge_persist_lag_seconds gauge$/m)
    expect(text).toMatch(/^nudge_event_loop_delay_seconds\{quantile="0.99",node="[^"]+"\} \d/m)
    expect(text).not.toContain('nudge_redis_connected') // single node: no Redis
  })

  it('/readyz and /metrics report PostgreSQL and Redis in scaled mode', async () => {
    const { nodes: [n] } = await startCluster(1)
    const ready = (await (await fetch(`${n!.url}/readyz`)).json()) as { checks: Record<string, { ok: boolean }> }
    expect(ready.checks).toMatchObject({ storage: { ok: true }, redis: { ok: true }, persistence: { ok: true } })
    const room = await createRoom(n!.url)
    const c = yjsClient(n!.wsUrl, room.id, { token: room.tokens.candidate })
    await c.synced()
    c.text.insert(0, 'x')
    const text = await waitFor(async () => {
      const t = await (await fetch(`${n!.url}/metrics`)).text()
      return metric(t, 'nudge_relay_published_total') >= 1 && t
    }, 'relay metrics')
    expect(metric(text, 'nudge_redis_connected')).toBe(1)
    expect(text).toMatch(/node="node1"/)
  })
})
