import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { PASTE_CHARS } from '@nudge/shared'
import { createSqliteStore } from '../store/sqlite.ts'
import type { Store } from '../store/types.ts'
import { CodeActivity } from './activity.ts'

/** The store, counting the update-log rows each read hands back (what a debrief costs). */
function counting(store: Store) {
  const read = { rows: 0 }
  const counted: Store = Object.create(store) as Store
  counted.listUpdates = async (...a) => {
    const rows = await store.listUpdates(...a)
    read.rows += rows.length
    return rows
  }
  counted.listUpdatesBetween = async (...a) => {
    const rows = await store.listUpdatesBetween(...a)
    read.rows += rows.length
    return rows
  }
  return { store: counted, read }
}

const typed = (text: string) => {
  const d = new Y.Doc()
  d.getText('code').insert(0, text)
  return Y.encodeStateAsUpdate(d)
}

describe('debrief code activity', () => {
  it('reads only the round\'s rows, and nothing again for an ended round', async () => {
    const base = createSqliteStore(':memory:')
    await base.migrate()
    const roomId = 'r-activity'
    await base.createRoom({ id: roomId, title: 'T', createdAt: 0, epoch: 'e' }, [{ role: 'candidate', tokenHash: 'h' }], null)
    // A long day in one room: 2,000 rows before the round, 60 in it, 2,000 after.
    const row = (author: string, at: number, data: Uint8Array = new Uint8Array([1, 2, 3])) => ({ roomId, doc: 'code' as const, data, author, createdAt: at })
    await base.appendUpdates(Array.from({ length: 2000 }, (_, i) => row('ada', 1_000 + i)))
    const from = 10_000
    const to = 20_000
    await base.appendUpdates([
      ...Array.from({ length: 40 }, (_, i) => row('ada', from + i * 100)),
      ...Array.from({ length: 19 }, (_, i) => row('ivy', from + 5_000 + i * 100)),
      row('ada', from + 9_000, typed('x'.repeat(PASTE_CHARS + 5))),
    ])
    await base.appendUpdates(Array.from({ length: 2000 }, (_, i) => row('ada', 30_000 + i)))

    let now = to + 60_000
    const { store, read } = counting(base)
    const activity = new CodeActivity(store, { now: () => now, cacheEntries: 2 })
    const names = new Map([['ada', 'Ada'], ['ivy', 'Ivy']])
    const first = await activity.of(roomId, from, to, names)
    expect(first).toEqual({
      authors: [
        { name: 'Ada', edits: 41, firstAt: from, lastAt: from + 9_000 },
        { name: 'Ivy', edits: 19, firstAt: from + 5_000, lastAt: from + 6_800 },
      ],
      pastes: [{ at: from + 9_000, name: 'Ada', chars: PASTE_CHARS + 5 }],
      longestPause: { at: from + 6_800, ms: 9_000 - 6_800 },
    })
    // The round's 60 rows, not the room's 4,060.
    expect(read.rows).toBe(60)

    // Opening the ended round's debrief again reads nothing; a rename shows at once.
    const again = await activity.of(roomId, from, to, new Map([['ada', 'Ada L.'], ['ivy', 'Ivy']]))
    expect(read.rows).toBe(60)
    expect(again?.authors[0]?.name).toBe('Ada L.')
    expect(again?.pastes[0]?.name).toBe('Ada L.')

    // A round still running (or just ended) is read each time: its rows are still arriving.
    await activity.of(roomId, 29_000, Infinity, names)
    expect(read.rows).toBe(60 + 2000)
    const fresh = new CodeActivity(store, { now: () => to + 1 })
    await fresh.of(roomId, from, to, names)
    await fresh.of(roomId, from, to, names)
    expect(read.rows).toBe(60 + 2000 + 120)

    // The cache is bounded: past its entries the least recently used round is read again.
    now = 100_000
    await activity.of(roomId, 0, 5_000, names)
    await activity.of(roomId, 5_001, 9_000, names)
    const before = read.rows
    await activity.of(roomId, from, to, names)
    expect(read.rows).toBe(before + 60)
    await base.close()
  })
})
