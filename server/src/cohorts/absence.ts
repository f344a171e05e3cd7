import type { Seating } from '@nudge/shared'

/**
 * A student marked absent from round `from` (0-based) on. In each of those rounds: an observer
 * simply leaves; a trio's observer takes the absent student's seat; a pair's remaining student
 * joins another pair of the round as its observer (or sits the round out if every pair already has
 * one), and their room goes unused. Seats are labels of invites that already exist, so nobody's
 * link changes: the personal link simply resolves to the new seat.
 */
export function markAbsent(rounds: readonly Seating[][], from: number, student: string): Seating[][] {
  return rounds.map((round, r) => {
    if (r < from) return round
    const at = round.findIndex((x) => x.interviewer === student || x.candidate === student || x.observer === student)
    if (at < 0) return round
    const seat = round[at]!
    const next = round.slice()
    if (seat.observer === student) {
      next[at] = { ...seat, observer: undefined }
      return next.map(dropEmptyObserver)
    }
    const role = seat.interviewer === student ? 'interviewer' : 'candidate'
    if (seat.observer) {
      next[at] = { ...seat, [role]: seat.observer, observer: undefined }
      return next.map(dropEmptyObserver)
    }
    const partner = role === 'interviewer' ? seat.candidate : seat.interviewer
    next.splice(at, 1)
    const host = next.findIndex((x) => !x.observer)
    if (host >= 0) next[host] = { ...next[host]!, observer: partner }
    return next
  })
}

const dropEmptyObserver = (s: Seating): Seating => {
  if (s.observer !== undefined) return s
  const { observer: _, ...rest } = s
  return rest
}
