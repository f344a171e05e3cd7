import { describe, expect, it } from 'vitest'
import { memoryStore } from './storage.ts'
import { forgetRoomToken, readFragmentToken, resolveRoomToken, stripFragmentToken } from './token.ts'

const stores = () => ({ session: memoryStore(), local: memoryStore() })
const SECRET = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0-_x'

describe('invite token in the URL fragment', () => {
  it('reads and strips the token, keeping other fragment params', () => {
    expect(readFragmentToken(`#token=${SECRET}`)).toBe(SECRET)
    expect(readFragmentToken('#')).toBeNull()
    expect(readFragmentToken('')).toBeNull()
    expect(readFragmentToken('#token=')).toBeNull()
    expect(stripFragmentToken(`#token=${SECRET}`)).toBe('')
    expect(stripFragmentToken(`#line=4&token=${SECRET}`)).toBe('#line=4')
  })

  it('moves a fragment token into storage and asks for the fragment to be cleaned', () => {
    const s = stores()
    expect(resolveRoomToken('room12345', `#token=${SECRET}`, s)).toEqual({ token: SECRET, cleanedHash: '' })
    expect(s.session.getItem('nudge:token:room12345')).toBe(SECRET)
    expect(s.local.getItem('nudge:token:room12345')).toBe(SECRET)
  })

  it('keeps working after a reload (session) and in a reopened tab (local)', () => {
    const s = stores()
    resolveRoomToken('room12345', `#token=${SECRET}`, s)
    expect(resolveRoomToken('room12345', '', s)).toEqual({ token: SECRET, cleanedHash: null })
    const reopened = { session: memoryStore(), local: s.local }
    expect(resolveRoomToken('room12345', '', reopened).token).toBe(SECRET)
    expect(resolveRoomToken('otherroom1', '', reopened).token).toBeNull()
  })

  it('prefers a fresh link over a remembered one, and this tab over the browser', () => {
    const s = stores()
    s.local.setItem('nudge:token:room12345', 'remembered-in-browser-000')
    s.session.setItem('nudge:token:room12345', 'remembered-in-tab-0000000')
    expect(resolveRoomToken('room12345', '', s).token).toBe('remembered-in-tab-0000000')
    expect(resolveRoomToken('room12345', '#token=fresh-link-token-00000', s).token).toBe('fresh-link-token-00000')
    expect(s.local.getItem('nudge:token:room12345')).toBe('fresh-link-token-00000')
  })

  it('forgets a rejected token everywhere', () => {
    const s = stores()
    resolveRoomToken('room12345', `#token=${SECRET}`, s)
    forgetRoomToken('room12345', s)
    expect(resolveRoomToken('room12345', '', s).token).toBeNull()
  })
})
