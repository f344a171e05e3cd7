import { describe, expect, it } from 'vitest'
import { memoryStore } from '../lib/storage.ts'
import { localDbName, readCachedRoom, readDurable, staleDbNames, writeCachedRoom, writeDurable } from './localCopy.ts'

describe('local copies per room and epoch', () => {
  it('names copies by room and epoch and finds the stale ones of this room only', () => {
    expect(localDbName('room12345', 'e2')).toBe('nudge:room12345:e2')
    const names = ['nudge:room12345:e1', 'nudge:room12345:e2', 'nudge:room123456:e1', 'other', 'nudge:zzzzzzzz:e1']
    expect(staleDbNames(names, 'room12345', 'e2')).toEqual(['nudge:room12345:e1'])
  })

  it("keeps every document's copy of the current epoch (the board beside the code)", () => {
    expect(localDbName('room12345', 'e2', 'board')).toBe('nudge:room12345:e2:board')
    const names = ['nudge:room12345:e1', 'nudge:room12345:e1:board', 'nudge:room12345:e2', 'nudge:room12345:e2:board']
    expect(staleDbNames(names, 'room12345', 'e2')).toEqual(['nudge:room12345:e1', 'nudge:room12345:e1:board'])
  })

  it('remembers the durable state vector per document', () => {
    const store = memoryStore()
    writeDurable(store, 'room12345', 'e1', new Map([[5, 9]]))
    writeDurable(store, 'room12345', 'e1', new Map([[7, 1]]), 'board')
    expect(readDurable(store, 'room12345', 'e1')).toEqual(new Map([[5, 9]]))
    expect(readDurable(store, 'room12345', 'e1', 'board')).toEqual(new Map([[7, 1]]))
  })

  it('remembers the durable state vector only for the same epoch', () => {
    const store = memoryStore()
    writeDurable(store, 'room12345', 'e1', new Map([[5, 9]]))
    expect(readDurable(store, 'room12345', 'e1')).toEqual(new Map([[5, 9]]))
    expect(readDurable(store, 'room12345', 'e2')).toBeNull()
  })

  it('validates the cached room before trusting it', () => {
    const store = memoryStore()
    const you = { id: 'participant-0001', name: 'Ada', role: 'candidate' as const, color: '#22c55e', online: true, lastSeenAt: 1 }
    writeCachedRoom(store, 'candidate-token', { room: { id: 'room12345', title: 'T', createdAt: 1, epoch: 'e1' }, you, participants: [you] })
    expect(readCachedRoom(store, 'room12345', 'candidate-token')?.room.epoch).toBe('e1')
    // Written for the candidate's link: an observer's link in the same browser must not reuse it.
    expect(readCachedRoom(store, 'room12345', 'observer-token')).toBeNull()
    expect(store.getItem('nudge:room:room12345')).not.toContain('candidate-token')
    store.setItem('nudge:room:room12345', '{"room":{"id":"room12345"}}')
    expect(readCachedRoom(store, 'room12345', 'candidate-token')).toBeNull()
  })
})
