import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { DocName } from '@nudge/shared'
import { createSqliteStore } from '../store/sqlite.ts'
import type { Store } from '../store/types.ts'
import { UpdateLog } from './persistence.ts'
import type { Session } from './document.ts'
import { testDocument } from './testing.ts'
import { msg } from './messages.ts'

const stores: Store[] = []
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close()
})

/** A real SQLite store whose snapshot writes wait until released (a slow disk, a busy thread). */
async function heldSnapshots() {
  const inner = createSqliteStore(':memory:')
  await inner.migrate()
  stores.push(inner)
  const held: { roomId: string; lastUpdateId: number; release: () => void }[] = []
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'writeSnapshot') {
        return (roomId: string, doc: DocName, data: Uint8Array, lastUpdateId: number) =>
          new Promise<void>((resolve, reject) => {
            held.push({ roomId, lastUpdateId, release: () => target.writeSnapshot(roomId, doc, data, lastUpdateId).then(resolve, reject) })
          })
      }
      const v = Reflect.get(target, prop, receiver)
      return typeof v === 'function' ? v.bind(target) : v
    },
  }) as Store
  return { store, held }
}

const writer: Session = { id: 'w', author: 'p1', identity: { name: 'P', role: 'candidate', participantId: 'p1' }, readOnly: false, nudgeMessages: false, send() {}, close() {} }

async function until(check: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 500 && !(await check()); i++) await new Promise((r) => setTimeout(r, 2))
  expect(await check()).toBe(true)
}

/** A loaded room with one writer whose client types at the end of the document. */
async function typingRoom(store: Store, id: string, onlyWriter: boolean) {
  const log = new UpdateLog(store, { batchMs: 1, onlyWriter, onError: (err) => { throw err } })
  const room = testDocument(log, {}, id)
  await room.ready
  room.join(writer)
  const client = new Y.Doc()
  const type = (text: string) => {
    const before = Y.encodeStateVector(client)
    client.getText('code').insert(client.getText('code').length, text)
    room.receive(writer.id, msg.update(Y.encodeStateAsUpdate(client, before)))
  }
  /** Up to the snapshot threshold (64 updates, 16 KiB), each update in its own batch. */
  const typeToThreshold = async () => {
    for (let i = 0; i < 64; i++) {
      type(`line ${i} ${'x'.repeat(300)}\n`)
      await log.flush()
    }
  }
  return { log, room, client, type, typeToThreshold }
}

describe('UpdateLog snapshots', () => {
  it('a snapshot of the live document covers only rows stored before it was taken; later edits replay on top', async () => {
    const { store, held } = await heldSnapshots()
    const { log, room, client, type, typeToThreshold } = await typingRoom(store, 'room-1', true)
    await typeToThreshold()
    await until(() => held.length === 1)
    const lastBefore = (await store.listUpdates(room.roomId, 'code')).at(-1)!.id
    expect(held[0]!.lastUpdateId).toBe(lastBefore)

    // More edits are stored while the snapshot is still being written.
    type('after the snapshot was taken\n')
    await log.flush()
    expect((await store.listUpdates(room.roomId, 'code')).at(-1)!.id).toBeGreaterThan(lastBefore)
    held[0]!.release()
    await until(() => log.stats.snapshots === 1)

    const loaded = await store.loadDocument(room.roomId, 'code')
    expect(loaded.snapshot?.lastUpdateId).toBe(lastBefore)
    expect(loaded.updates).toHaveLength(1)
    const reloaded = new Y.Doc()
    for (const u of [loaded.snapshot!.data, ...loaded.updates.map((u) => u.data)]) Y.applyUpdate(reloaded, u)
    expect(reloaded.getText('code').toString()).toBe(client.getText('code').toString())
    room.destroy()
  })

  it('with several nodes, merges what storage holds (rows this node never saw) into the snapshot', async () => {
    const { store, held } = await heldSnapshots()
    const { log, room, typeToThreshold } = await typingRoom(store, 'room-2', false)
    // Another node stored an edit this node never received.
    const other = new Y.Doc()
    other.getText('code').insert(0, 'from another node\n')
    await store.appendUpdates([{ roomId: room.roomId, doc: 'code', data: Y.encodeStateAsUpdate(other), author: 'p2', createdAt: 1 }])
    await typeToThreshold()
    await until(() => held.length === 1)
    held[0]!.release()
    await until(() => log.stats.snapshots === 1)
    const loaded = await store.loadDocument(room.roomId, 'code')
    const reloaded = new Y.Doc()
    Y.applyUpdate(reloaded, loaded.snapshot!.data)
    expect(reloaded.getText('code').toString()).toContain('from another node')
    expect(reloaded.getText('code').toString()).toContain('line 63')
    room.destroy()
  })
})
