import { describe, expect, it } from 'vitest'
import { formatReplayTime, ReplayTime } from '@nudge/shared'
import { clusters } from './Lanes.tsx'
import { changedLine, toLines } from './CodeView.tsx'
import { skipIdleTarget, type Marker } from './lanes.ts'

const marker = (id: string, at: number): Marker => ({ id, lane: 'hints', kind: 'hint', at, title: id, detail: id })

describe('replay lanes', () => {
  it('skip idle jumps to just before the next activity only inside a long gap', () => {
    const times = [0, 1000, 2000, 60_000, 61_000]
    expect(skipIdleTarget(times, 2500, 8000)).toBe(59_000)
    expect(skipIdleTarget(times, 59_500, 8000)).toBeNull() // already close to the next edit
    expect(skipIdleTarget(times, 500, 8000)).toBeNull() // inside busy time
    expect(skipIdleTarget(times, 70_000, 8000)).toBeNull() // nothing after
  })

  it('markers that would overlap share one button', () => {
    const groups = clusters([marker('a', 0), marker('b', 500), marker('c', 50_000), marker('d', 99_000)], 100_000)
    expect(groups.map((g) => g.map((m) => m.id))).toEqual([['a', 'b'], ['c'], ['d']])
  })

  it('cuts authored text into lines for the code view', () => {
    const lines = toLines([{ text: 'ab\nc', author: 'x' }, { text: 'd\n\ne', author: 'y' }])
    expect(lines).toEqual([[{ text: 'ab', author: 'x' }], [{ text: 'c', author: 'x' }, { text: 'd', author: 'y' }], [], [{ text: 'e', author: 'y' }]])
  })

  it('finds the line an edit changed (playback follows it)', () => {
    expect(changedLine('a\nb\nc', 'a\nbX\nc')).toBe(1)
    expect(changedLine('a\nb', 'a\nb\nnew')).toBe(1)
    expect(changedLine('same', 'same')).toBeNull()
    expect(changedLine('', 'x')).toBe(0)
  })

  it('t in links: mm:ss, h:mm:ss and seconds, and back', () => {
    expect(ReplayTime.parse('12:34')).toBe(754_000)
    expect(ReplayTime.parse('1:02:03')).toBe(3_723_000)
    expect(ReplayTime.parse('75')).toBe(75_000)
    expect(ReplayTime.safeParse('soon').success).toBe(false)
    expect(ReplayTime.safeParse('-1:00').success).toBe(false)
    expect(formatReplayTime(754_999)).toBe('12:34')
    expect(formatReplayTime(3_723_000)).toBe('1:02:03')
  })
})
