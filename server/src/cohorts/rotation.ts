/**
 * Rotation schedules for a cohort session: pairs per round by the circle method (round-robin),
 * roles balanced, repeats only once every distinct pairing is used up, a trio (one observer) when
 * the number present is odd. Pure: no storage, no randomness, so it is property-tested.
 */

export interface Seating {
  interviewer: string
  candidate: string
  /** The third student of a trio (odd numbers); watches as an observer. */
  observer?: string
}

export interface Rotation {
  rounds: Seating[][]
  /** Pairs (interviewer–candidate) that meet more than once, counted once per extra meeting. */
  repeats: number
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\n${b}` : `${b}\n${a}`)

/** The circle method: player 0 stays, the others rotate one step per round. */
function circleRound(m: number, r: number): [number, number][] {
  const others = Array.from({ length: m - 1 }, (_, i) => 1 + ((i + r) % (m - 1)))
  const ring = [0, ...others]
  return Array.from({ length: m / 2 }, (_, i) => [ring[i]!, ring[m - 1 - i]!] as [number, number])
}

/**
 * Orientation of the i-th pair of round r. Outside pair 0 a player's ring position drops by one
 * each round, and exactly one of a pair sits at an odd position: the odd one interviews, so each
 * player's role flips every round. The fixed player (pair 0) alternates by round.
 */
const interviewsFirst = (i: number, r: number) => (i === 0 ? r % 2 === 1 : i % 2 === 1)

/**
 * `students` are the ids of those present, in roster order. Every round seats each of them once.
 * Roles alternate round by round (see interviewsFirst).
 */
export function rotation(students: readonly string[], rounds: number): Rotation {
  if (new Set(students).size !== students.length) throw new RangeError('Student ids must be unique')
  if (students.length < 2) throw new RangeError('A rotation needs at least two students')
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError('A rotation needs at least one round')
  const odd = students.length % 2 === 1
  const m = odd ? students.length + 1 : students.length
  // With an odd count the fixed slot is empty: whoever faces it joins a trio as the observer,
  // between an interviewer turn and a candidate turn, so alternation is kept.
  const seat = (k: number) => (odd ? students[k - 1] : students[k])
  const met = new Set<string>()
  let repeats = 0
  const out: Seating[][] = []
  for (let r = 0; r < rounds; r++) {
    const seats: Seating[] = []
    let spare: string | undefined
    for (const [i, [a, b]] of circleRound(m, r % (m - 1)).entries()) {
      if (odd && i === 0) {
        spare = seat(b)
        continue
      }
      const x = seat(a)!
      const y = seat(b)!
      const [interviewer, candidate] = interviewsFirst(i, r) ? [x, y] : [y, x]
      const key = pairKey(x, y)
      if (met.has(key)) repeats++
      met.add(key)
      seats.push({ interviewer, candidate })
    }
    // The trio moves round by round so no pair hosts the observer twice in a row.
    if (spare !== undefined) seats[r % seats.length]!.observer = spare
    out.push(seats)
  }
  return { rounds: out, repeats }
}

/** The fewest repeats any schedule can have: every distinct pairing is used before one recurs. */
export function minimumRepeats(present: number, rounds: number): number {
  const m = present % 2 === 1 ? present + 1 : present
  const distinctRounds = m - 1
  if (rounds <= distinctRounds) return 0
  const pairsPerRound = Math.floor(present / 2)
  return (rounds - distinctRounds) * pairsPerRound
}
