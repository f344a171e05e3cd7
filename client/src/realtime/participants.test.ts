import { describe, expect, it } from 'vitest'
import type { Participant } from '@nudge/shared'
import { presenceChange } from './participants.ts'

const p = (patch: Partial<Participant>): Participant => ({ id: 'p1', name: 'Ivy', role: 'interviewer', color: '#8ea2ff', online: true, lastSeenAt: 1, ...patch })

describe('presence notices (#14.9)', () => {
  it('say who joined and who left, with their role unless they are the candidate', () => {
    expect(presenceChange(p({ online: true }), p({ online: false }))).toBe('Ivy (interviewer) left')
    expect(presenceChange(undefined, p({}))).toBe('Ivy (interviewer) joined')
    expect(presenceChange(p({ online: false, role: 'candidate', name: 'Ada' }), p({ role: 'candidate', name: 'Ada' }))).toBe('Ada joined')
    expect(presenceChange(p({}), p({ name: 'Ivy R.' }))).toBeNull() // a rename is not a join
  })
})
