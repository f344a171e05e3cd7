import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Seating } from '@nudge/shared'
import { rotation } from './rotation.ts'
import { markAbsent } from './absence.ts'

const schedule = (n: number, rounds: number): Seating[][] =>
  rotation(Array.from({ length: n }, (_, i) => `s${i}`), rounds).rounds.map((round, r) =>
    round.map((x, i) => ({ ...x, roomId: `room-${r}-${i}`, questionId: null })))
const seated = (round: Seating[]) => round.flatMap((x) => [x.interviewer, x.candidate, ...(x.observer ? [x.observer] : [])])

describe('markAbsent', () => {
  it('removes the student from the given round on, keeps everyone else seated once, never alone', () => {
    fc.assert(fc.property(fc.integer({ min: 3, max: 30 }), fc.integer({ min: 1, max: 5 }), fc.nat(), fc.nat(), (n, rounds, who, fromSeed) => {
      const before = schedule(n, rounds)
      const from = fromSeed % rounds
      const student = `s${who % n}`
      const after = markAbsent(before, from, student)
      after.forEach((round, r) => {
        if (r < from) return expect(round).toEqual(before[r])
        const people = seated(round)
        expect(people).not.toContain(student)
        expect(new Set(people).size).toBe(people.length)
        // Everyone else is still seated, unless every pair already had an observer.
        const missing = seated(before[r]!).filter((p) => p !== student && !people.includes(p))
        expect(missing.length).toBeLessThanOrEqual(round.every((x) => x.observer) ? 1 : 0)
        for (const x of round) expect(x.interviewer).not.toBe(x.candidate)
        // Rooms are only dropped, never invented.
        for (const x of round) expect(before[r]!.map((y) => y.roomId)).toContain(x.roomId)
      })
    }), { numRuns: 200 })
  })

  it('lets a trio observer take the seat', () => {
    const round: Seating[] = [{ roomId: 'r1', interviewer: 'a', candidate: 'b', observer: 'c', questionId: null }]
    expect(markAbsent([round], 0, 'a')).toEqual([[{ roomId: 'r1', interviewer: 'c', candidate: 'b', questionId: null }]])
  })
})
