import { describe, expect, it } from 'vitest'
import { AppError, INTERVIEW_LIMITS } from '@nudge/shared'
import { ADA, IVY, T0, runningRound } from './fixtures.ts'
import { raiseStuck, sendHint } from './hints.ts'
import { addNote } from './notes.ts'

describe('hints', () => {
  it('records a ladder hint with its phase and elapsed time; unchanged text is not "edited"', () => {
    const { round, hint } = sendHint(runningRound(), { tier: 1, text: ' A hash map  from value to index. ' }, IVY, T0 + 90_000, 'hint-000001')
    expect(hint).toMatchObject({ id: 'hint-000001', round: 1, tier: 1, edited: false, anchor: null, sentAt: T0 + 90_000, by: 'Ivy' })
    expect(hint.stamp).toMatchObject({ phaseId: 'intro', elapsedMs: 90_000, status: 'running' })
    expect(round.hints).toEqual([hint])
  })

  it('marks a reworded ladder hint as edited, keeps custom nudges and anchors as sent', () => {
    const r = runningRound()
    const edited = sendHint(r, { tier: 0, text: 'What have you seen so far?' }, IVY, T0, 'hint-000002').hint
    expect(edited).toMatchObject({ tier: 0, edited: true, text: 'What have you seen so far?' })
    const anchor = { position: 'AQIDBA==', line: 3 }
    const custom = sendHint(r, { text: 'Check line 3.', anchor }, IVY, T0, 'hint-000003').hint
    expect(custom).toMatchObject({ tier: null, edited: false, anchor })
  })

  it('refuses a tier the question does not have, and past the per-round limit', () => {
    expect(() => sendHint(runningRound(), { tier: 5, text: 'x' }, IVY, T0, 'hint-000004')).toThrow(AppError)
    const one = sendHint(runningRound(), { text: 'x' }, IVY, T0, 'hint-000000').hint
    const full = { ...runningRound(), hints: Array.from({ length: INTERVIEW_LIMITS.itemsPerRound }, () => one) }
    expect(() => sendHint(full, { text: 'x' }, IVY, T0, 'hint-000005')).toThrow(/too many/)
  })
})

describe('I’m stuck', () => {
  it('records a signal and suppresses repeats within the cooldown', () => {
    const first = raiseStuck(runningRound(), ADA, T0 + 1000, 'stuck-000001')
    expect(first.fresh).toBe(true)
    expect(first.signal).toMatchObject({ id: 'stuck-000001', by: 'Ada', at: T0 + 1000 })
    const again = raiseStuck(first.round, ADA, T0 + 5000, 'stuck-000002')
    expect(again).toMatchObject({ fresh: false, signal: first.signal })
    expect(again.round.stuck).toHaveLength(1)
    const later = raiseStuck(first.round, ADA, T0 + 1000 + INTERVIEW_LIMITS.stuckCooldownSeconds * 1000, 'stuck-000003')
    expect(later.fresh).toBe(true)
    expect(later.round.stuck).toHaveLength(2)
  })
})

describe('notes', () => {
  it('stamps a private note with the clock time', () => {
    const { round, note } = addNote(runningRound(), 'Jumped to code without a plan', IVY, T0 + 120_000, 'note-0000001')
    expect(note).toMatchObject({ text: 'Jumped to code without a plan', by: 'Ivy', stamp: { phaseId: 'intro', elapsedMs: 120_000 } })
    expect(round.notes).toEqual([note])
  })
})
