import { describe, expect, it } from 'vitest'
import { ADA, IVY, T0, runningRound } from './fixtures.ts'
import { answer, ask, pin } from './ledger.ts'

describe('clarifying-questions ledger', () => {
  it('asks, answers (and corrects), pins and unpins', () => {
    const a = ask(runningRound(), 'Can the input be empty?', ADA, T0 + 30_000, 'clarify-0001')
    expect(a.item).toMatchObject({ question: 'Can the input be empty?', askedBy: 'Ada', answer: null, pinned: false, stamp: { elapsedMs: 30_000 } })
    const b = answer(a.round, 'clarify-0001', 'No, at least two numbers.', IVY, T0 + 40_000)
    expect(b.item).toMatchObject({ answer: 'No, at least two numbers.', answeredBy: 'Ivy', answeredAt: T0 + 40_000 })
    const c = answer(b.round, 'clarify-0001', 'At least two numbers, yes.', IVY, T0 + 41_000)
    expect(c.round.clarifications).toHaveLength(1)
    expect(c.item.answer).toBe('At least two numbers, yes.')
    const d = pin(c.round, 'clarify-0001', true)
    expect(d.item.pinned).toBe(true)
    expect(pin(d.round, 'clarify-0001', false).item.pinned).toBe(false)
  })

  it('only pins answered questions, and only known ones', () => {
    const a = ask(runningRound(), 'Sorted?', ADA, T0, 'clarify-0002')
    expect(() => pin(a.round, 'clarify-0002', true)).toThrow(/answered/)
    expect(() => answer(a.round, 'clarify-9999', 'x', IVY, T0)).toThrow(/No such question/)
    // Unpinning an unanswered item is harmless.
    expect(pin(a.round, 'clarify-0002', false).item.pinned).toBe(false)
  })
})
