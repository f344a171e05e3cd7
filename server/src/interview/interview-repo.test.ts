import { describe, expect, it } from 'vitest'
import { createSqliteStore } from '../store/sqlite.ts'
import type { StateRecord, Store } from '../store/types.ts'
import { InterviewRepo } from './interview-repo.ts'
import { newRound, type RoundState } from './rounds.ts'
import type { RoomLock } from './room-lock.ts'

/** Scaled mode without Redis: the repo keeps no cache, as with a lock across nodes. */
const noopLock: RoomLock = { acquire: async () => async () => {} }

/** A store that records how many bytes of state each commit writes. */
async function recordingStore(): Promise<{ store: Store; written: number[] }> {
  const store = createSqliteStore(':memory:')
  await store.migrate()
  const written: number[] = []
  const commit = store.commit.bind(store)
  store.commit = async (change) => {
    written.push((change.states ?? []).reduce((n: number, s: StateRecord) => n + JSON.stringify(s.value).length, 0))
    return commit(change)
  }
  return { store, written }
}

const note = (i: number) => ({ id: `note-${i}`, round: 1, text: `${i} `.padEnd(4000, 'n'), at: i, stamp: { phaseId: 'p', elapsedMs: i }, by: 'Ivy' })

async function appendNotes(repo: InterviewRepo, roomId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await repo.locked(roomId, async () => {
      const r = (await repo.round(roomId, 1))!
      await repo.write(roomId, { rounds: [{ ...r, notes: [...r.notes, note(i)] as RoundState['notes'] }] }, i)
    })
  }
}

describe('InterviewRepo', () => {
  for (const mode of ['single node', 'scaled'] as const) {
    it(`appends a note without rewriting the round's earlier notes (${mode})`, async () => {
      const { store, written } = await recordingStore()
      const seats = { candidate: 'c', interviewer: 'i' }
      const repo = new InterviewRepo(store, async () => seats, mode === 'scaled' ? noopLock : undefined)
      await repo.write('room1', { rounds: [newRound(1, seats, 0)], current: 1 }, 0)
      await appendNotes(repo, 'room1', 400)
      // One 4,000-character note each time: what a change writes stays the same size as the
      // round grows (it was the whole round, 1.6 MB by the 400th note).
      expect(Math.max(...written.slice(-50))).toBeLessThan(300_000)
      const round = (await repo.round('room1', 1))!
      expect(round.notes.map((n) => n.id)).toEqual(Array.from({ length: 400 }, (_, i) => `note-${i}`))
      // A fresh repo (another node, a restart) reads the same round back.
      const fresh = new InterviewRepo(store, async () => seats)
      expect(await fresh.round('room1', 1)).toEqual(round)
    })
  }

  it('reads a round stored whole by an earlier version, and pages it on the next write', async () => {
    const { store } = await recordingStore()
    const seats = { candidate: 'c', interviewer: 'i' }
    const legacy = { ...newRound(1, seats, 0), notes: [note(0), note(1)] }
    await store.commit({ states: [{ roomId: 'r', key: 'round:1', value: legacy, updatedAt: 0 }, { roomId: 'r', key: 'interview', value: { current: 1 }, updatedAt: 0 }] })
    const repo = new InterviewRepo(store, async () => seats)
    expect(await repo.round('r', 1)).toEqual(legacy)
    await appendNotes(repo, 'r', 1)
    const fresh = new InterviewRepo(store, async () => seats)
    expect((await fresh.round('r', 1))!.notes.map((n) => n.id)).toEqual(['note-0', 'note-1', 'note-0'])
  })
})
