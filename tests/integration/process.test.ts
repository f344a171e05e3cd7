import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSqliteStore } from '@nudge/server/store/sqlite.ts'
import { yjsClient } from '../utils/clients.ts'
import { spawnServer } from '../utils/process.ts'
import { waitFor } from '../utils/wait.ts'
import { docFrom } from '../utils/yjs.ts'

async function createRoom(url: string) {
  const res = await fetch(`${url}/api/rooms`, { method: 'POST' })
  const body = (await res.json()) as { id: string; invites: Record<string, string> }
  return { id: body.id, token: new URL(body.invites.candidate!).hash.replace('#token=', '') }
}

describe('the server process', () => {
  it('refuses a bad configuration with a readable message and exit code 2', async () => {
    const p = await spawnServer({ PORT: '3000', LOG_LEVEL: 'loud', PUBLIC_URL: 'not a url' }, { waitReady: false })
    expect(await p.exited).toBe(2)
    expect(p.output()).toContain('Invalid configuration')
    expect(p.output()).toContain('LOG_LEVEL')
    expect(p.output()).toContain('PUBLIC_URL')
  })

  it('stores every pending edit on SIGTERM before it exits', async () => {
    // A long batch window guarantees the edit is still queued when the signal arrives.
    const p = await spawnServer({ PERSIST_BATCH_MS: '1000' })
    const room = await createRoom(p.url)
    const c = yjsClient(p.wsUrl, room.id, { token: room.token })
    const witness = yjsClient(p.wsUrl, room.id, { token: room.token })
    await c.synced()
    await witness.synced()
    c.text.insert(0, 'written just before shutdown')
    // Once another client sees it, the server has applied it (and queued it for storage).
    await waitFor(() => witness.text.toString() === 'written just before shutdown', 'server has the edit')
    p.child.kill('SIGTERM')
    expect(await p.exited).toBe(0)
    const store = createSqliteStore(join(p.dataDir, 'nudge.db'))
    const doc = docFrom((await store.listUpdates(room.id, 'code')).map((u) => u.data))
    await store.close()
    expect(doc.getText('code').toString()).toBe('written just before shutdown')
  })
})
