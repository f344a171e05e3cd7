import { describe, expect, it } from 'vitest'
import { getParticipantId, randomId } from './ids.ts'
import { cleanName, initials, rememberName, savedName } from './names.ts'
import { inviteOriginWarning, parseRoute, sameOriginHref } from './route.ts'
import { memoryStore } from './storage.ts'
import { sortParticipants, upsertParticipant } from '../realtime/participants.ts'
import type { Participant } from '@nudge/shared'

describe('participant id', () => {
  it('is random, url-safe and stable per browser', () => {
    expect(randomId(22)).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(randomId()).not.toBe(randomId())
    const store = memoryStore()
    const id = getParticipantId(store)
    expect(id).toMatch(/^[A-Za-z0-9_-]{16,64}$/)
    expect(getParticipantId(store)).toBe(id)
    store.setItem('nudge:participant-id', 'bad id!')
    expect(getParticipantId(store)).not.toBe('bad id!')
  })
})

describe('display names', () => {
  it('are trimmed, collapsed, capped and remembered', () => {
    expect(cleanName('  Ada   Lovelace ')).toBe('Ada Lovelace')
    expect(cleanName('x'.repeat(100))).toHaveLength(40)
    const store = memoryStore()
    rememberName(store, '   ')
    expect(savedName(store)).toBe('')
    rememberName(store, ' Grace ')
    expect(savedName(store)).toBe('Grace')
  })

  it('give avatar initials without punctuation (#14.7)', () => {
    expect(initials('Alice (interviewer)')).toBe('AI')
    expect(initials('Ada Lovelace')).toBe('AL')
    expect(initials('grace')).toBe('GR')
    expect(initials('J.-P. Sartre')).toBe('JS')
    expect(initials('«Zoë»')).toBe('ZO')
    expect(initials('(!!)')).toBe('?')
  })
})

describe('invite links and the page origin (#14.14)', () => {
  it('warn when the links point elsewhere than the page, loudly for localhost', () => {
    expect(inviteOriginWarning('http://localhost:3000/r/abcdefgh#token=x', 'http://localhost:3000')).toBeNull()
    const w = inviteOriginWarning('http://localhost:3000/r/abcdefgh#token=x', 'http://192.168.1.20:3000')
    expect(w).toContain('http://localhost:3000')
    expect(w).toContain('PUBLIC_URL')
    expect(w).toContain('only work on the server')
    expect(inviteOriginWarning('https://nudge.example.org/r/abcdefgh#token=x', 'http://10.0.0.5:3000')).toContain('Check that others can reach')
  })
})

describe('routes', () => {
  it('recognises the landing page and room pages', () => {
    expect(parseRoute('/')).toEqual({ page: 'landing' })
    expect(parseRoute('/r/abcDEF12_-')).toEqual({ page: 'room', roomId: 'abcDEF12_-' })
    expect(parseRoute('/r/short')).toEqual({ page: 'not-found' })
    expect(parseRoute('/r/../etc')).toEqual({ page: 'not-found' })
    expect(parseRoute('/r/abcDEF12_-/debrief/3')).toEqual({ page: 'room', roomId: 'abcDEF12_-', debrief: 3 })
    expect(parseRoute('/r/abcDEF12_-/debrief/0')).toEqual({ page: 'not-found' })
    expect(parseRoute('/r/abcDEF12_-/replay/2')).toEqual({ page: 'replay', roomId: 'abcDEF12_-', round: 2 })
    expect(parseRoute('/r/abcDEF12_-/replay/x')).toEqual({ page: 'not-found' })
  })

  it('recognises loop pages', () => {
    expect(parseRoute('/loops/new')).toEqual({ page: 'new-loop' })
    expect(parseRoute('/l/abcDEF12_-')).toEqual({ page: 'loop', loopId: 'abcDEF12_-' })
    expect(parseRoute('/l/short')).toEqual({ page: 'not-found' })
  })

  it('opens invites on the current origin, keeping the fragment', () => {
    expect(sameOriginHref('http://public.example:3000/r/abcdefgh#token=xyz')).toBe('/r/abcdefgh#token=xyz')
  })
})

describe('participants', () => {
  const p = (id: string, name: string, role: Participant['role'], online: boolean): Participant => ({
    id, name, role, online, color: '#22c55e', lastSeenAt: 0,
  })
  it('upserts by id and sorts online first, then by role', () => {
    let list = [p('aaaaaaaa', 'Zed', 'observer', true), p('bbbbbbbb', 'Bo', 'candidate', false)]
    list = upsertParticipant(list, p('cccccccc', 'Ivy', 'interviewer', true))
    list = upsertParticipant(list, p('bbbbbbbb', 'Bo', 'candidate', true))
    expect(list).toHaveLength(3)
    expect(sortParticipants(list).map((x) => x.name)).toEqual(['Ivy', 'Bo', 'Zed'])
  })
})
