import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { minimumRepeats, rotation } from './rotation.ts'

const ids = (n: number) => Array.from({ length: n }, (_, i) => `s${i}`)

/** A roster of 2–60 and a set of absentees that leaves at least two present. */
const roster = fc.integer({ min: 2, max: 60 }).chain((n) =>
  fc.tuple(fc.constant(ids(n)), fc.subarray(ids(n), { maxLength: n - 2 }), fc.integer({ min: 1, max: 8 })),
)

describe('rotation', () => {
  it('seats everyone present once per round, never opposite themselves, roles balanced, repeats minimal and reported', () => {
    fc.assert(
      fc.property(roster, ([all, absent, rounds]) => {
        const present = all.filter((s) => !absent.includes(s))
        const rot = rotation(present, rounds)
        expect(rot.rounds).toHaveLength(rounds)
        const turns = new Map(present.map((s) => [s, { interviewer: 0, candidate: 0 }]))
        const meetings = new Map<string, number>()
        for (const round of rot.rounds) {
          const seated = round.flatMap((s) => [s.interviewer, s.candidate, ...(s.observer ? [s.observer] : [])])
          expect([...seated].sort()).toEqual([...present].sort())
          expect(round.filter((s) => s.observer).length).toBe(present.length % 2)
          for (const s of round) {
            expect(s.interviewer).not.toBe(s.candidate)
            turns.get(s.interviewer)!.interviewer++
            turns.get(s.candidate)!.candidate++
            const key = [s.interviewer, s.candidate].sort().join()
            meetings.set(key, (meetings.get(key) ?? 0) + 1)
          }
        }
        for (const t of turns.values()) expect(Math.abs(t.interviewer - t.candidate)).toBeLessThanOrEqual(1)
        const repeats = [...meetings.values()].reduce((sum, k) => sum + k - 1, 0)
        expect(rot.repeats).toBe(repeats)
        expect(rot.repeats).toBe(minimumRepeats(present.length, rounds))
      }),
      { numRuns: 300 },
    )
  })

  it('alternates roles round by round for an even class', () => {
    const rot = rotation(ids(6), 5)
    for (const s of ids(6)) {
      const roles = rot.rounds.map((r) => (r.some((x) => x.interviewer === s) ? 'I' : 'C'))
      expect(roles.join('')).not.toMatch(/III|CCC/)
    }
  })

  it('refuses fewer than two students, zero rounds and duplicate ids', () => {
    expect(() => rotation(['a'], 1)).toThrow(RangeError)
    expect(() => rotation(['a', 'b'], 0)).toThrow(RangeError)
    expect(() => rotation(['a', 'a'], 1)).toThrow(RangeError)
  })
})
