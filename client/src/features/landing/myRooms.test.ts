import { describe, expect, it } from 'vitest'
import { memoryStore } from '../../lib/storage.ts'
import { MY_ROOMS_MAX, describeMyRoom, forgetRoom, listMyRooms, rememberRoom } from './myRooms.ts'

const invites = { candidate: 'http://x/r/a#token=c', interviewer: 'http://x/r/a#token=i', observer: 'http://x/r/a#token=o' }

describe('my rooms', () => {
  it('keeps rooms most recent first, merging what is known', () => {
    const store = memoryStore()
    rememberRoom(store, { id: 'roomA', title: 'Two sum', invites }, 1)
    rememberRoom(store, { id: 'roomB', title: 'Design', role: 'candidate' }, 2)
    rememberRoom(store, { id: 'roomA', role: 'interviewer', round: { n: 1, status: 'running' }, invites: null }, 3)
    const rooms = listMyRooms(store)
    expect(rooms.map((r) => r.id)).toEqual(['roomA', 'roomB'])
    expect(rooms[0]).toEqual({ id: 'roomA', title: 'Two sum', role: 'interviewer', invites, round: { n: 1, status: 'running' }, lastActivity: 3 })
    expect(forgetRoom(store, 'roomA').map((r) => r.id)).toEqual(['roomB'])
  })
  it('is bounded and survives garbage in storage', () => {
    const store = memoryStore()
    for (let i = 0; i < MY_ROOMS_MAX + 5; i++) rememberRoom(store, { id: `room${i}` }, i)
    expect(listMyRooms(store)).toHaveLength(MY_ROOMS_MAX)
    expect(listMyRooms(store)[0]!.id).toBe(`room${MY_ROOMS_MAX + 4}`)
    store.setItem('nudge:my-rooms', '{not json')
    expect(listMyRooms(store)).toEqual([])
  })
  it('describes a room by the role held, the round and the last visit', () => {
    const [created] = rememberRoom(memoryStore(), { id: 'roomA', title: 'Two sum', invites }, Date.UTC(2026, 11, 7, 21, 5))
    expect(describeMyRoom(created!, 'en-GB')).toMatch(/^Created here · not started · 7 Dec 2026, \d\d:05$/)
    const [joined] = rememberRoom(memoryStore(), { id: 'roomB', role: 'candidate', round: { n: 2, status: 'paused' } }, 0)
    expect(describeMyRoom(joined!, 'en-GB')).toMatch(/^Candidate · round 2, paused · /)
  })
})
