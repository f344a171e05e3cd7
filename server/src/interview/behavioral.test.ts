import { describe, expect, it } from 'vitest'
import type { BroughtBank } from '@nudge/shared'
import * as b from './behavioral.ts'
import { behavioralDebrief } from './debrief-behavioral.ts'
import { behavioralMarkdown } from './debrief-behavioral-markdown.ts'
import { fromCustomInput } from './question-bank.ts'
import { newRound, type RoundState } from './rounds.ts'
import * as clock from './clock.ts'
import { SEATS, T0, runningRound } from './fixtures.ts'

const question = (id: string, competencies: string[]) =>
  fromCustomInput(id, {
    title: `Question ${id}`, kind: 'behavioral', statement: `Tell me about ${id}.`,
    competencies, followUps: ['What did you do?'], strongAnswer: ['Owns it.'],
  })
const q1 = question('custom-conflict', ['conflict', 'communication'])
const q2 = question('custom-mistake', ['ownership', 'failure'])

function behavioralRound(): RoundState {
  const r = newRound(1, SEATS, T0, 'behavioral')
  return { ...r, question: q1, clock: clock.start(r.clock, T0) }
}

const bank: BroughtBank = {
  stories: [
    { id: 'story-outage', title: 'The Friday outage', tags: ['ownership', 'failure'], values: ['Own the outcome'] },
    { id: 'story-api', title: 'The API argument', tags: ['conflict'], values: ['Disagree openly'] },
  ],
  company: { name: 'Acme', values: ['Own the outcome', 'Disagree openly', 'Customers first'] },
}

/** Two answers: the first told with the API story, the second with the outage story. */
function twoAnswers() {
  let r = b.bringBank(behavioralRound(), bank)
  const a1 = b.startAnswer(r, q1, T0 + 1_000, 'answer-one')
  r = b.advanceAnswer(a1.round, 'answer-one', 'follow-up', T0 + 91_000).round
  r = b.reviewAnswer(r, 'answer-one', { star: { situation: true, task: true, action: true }, flags: ['no metric'], scores: { conflict: 3 } }).round
  r = b.selfReview(r, 'answer-one', { storyId: 'story-api', star: { situation: true, task: true, action: true, result: true }, score: 3 }).round
  const a2 = b.startAnswer(r, q2, T0 + 121_000, 'answer-two')
  r = b.reviewAnswer(a2.round, 'answer-two', { star: { situation: true, task: true, action: true, result: true }, scores: { ownership: 4, failure: 2 } }).round
  r = b.selfReview(r, 'answer-two', { storyId: 'story-outage' }).round
  return b.advanceAnswer(r, 'answer-two', 'end', T0 + 241_000).round
}

describe('behavioral answers', () => {
  it('a new question ends the open answer; the same question twice, or a coding round, is refused', () => {
    const one = b.startAnswer(behavioralRound(), q1, T0 + 1_000, 'answer-one')
    expect(one.answer).toMatchObject({ questionId: q1.id, startedAt: T0 + 1_000, endedAt: null, star: { situation: false } })
    const two = b.startAnswer(one.round, q2, T0 + 5_000, 'answer-two')
    expect(b.behavioralOf(two.round).answers.map((a) => a.endedAt)).toEqual([T0 + 5_000, null])
    expect(() => b.startAnswer(two.round, q1, T0 + 6_000, 'answer-three')).toThrow(/already asked/)
    expect(() => b.startAnswer(runningRound(), q1, T0, 'answer-x')).toThrow(/behavioral round/)
    expect(() => b.advanceAnswer(two.round, 'answer-one', 'follow-up', T0 + 7_000)).toThrow(/ended/)
  })

  it('reviews merge ticks and scores; unknown competencies and unbrought stories are refused', () => {
    let r = b.startAnswer(behavioralRound(), q1, T0, 'answer-one').round
    r = b.reviewAnswer(r, 'answer-one', { star: { situation: true }, scores: { conflict: 2 } }).round
    r = b.reviewAnswer(r, 'answer-one', { star: { result: true }, scores: { conflict: null, leadership: 3 } }).round
    const a = b.behavioralOf(r).answers[0]!
    expect(a.star).toEqual({ situation: true, task: false, action: false, result: true })
    expect(a.scores).toEqual({ leadership: 3 })
    expect(() => b.reviewAnswer(r, 'answer-one', { scores: { 'made-up': 2 } })).toThrow(/Not a competency/)
    expect(() => b.selfReview(r, 'answer-one', { storyId: 'story-unknown' })).toThrow(/Bring that story/)
    expect(() => b.reviewAnswer(r, 'nope-nope', {})).toThrow(/No such answer/)
  })

  it('each role sees its part: the interviewer the review, the candidate the self-review and bank, observers neither', () => {
    const r = twoAnswers()
    const ivy = b.behavioralView(r, 'interviewer')!
    const ada = b.behavioralView(r, 'candidate')!
    const olu = b.behavioralView(r, 'observer')!
    expect(ivy.answers[0]!.review).toMatchObject({ star: { situation: true, result: false }, flags: ['no metric'], scores: { conflict: 3 } })
    expect(ivy.bank?.stories.map((s) => s.title)).toEqual(['The Friday outage', 'The API argument'])
    expect(ada.answers.every((a) => a.review === null)).toBe(true)
    expect(ada.answers[0]!.self?.storyId).toBe('story-api')
    expect(olu.answers.every((a) => a.review === null && a.self === null)).toBe(true)
    expect(olu.bank).toBeNull()
    expect(b.behavioralView(runningRound(), 'interviewer')).toBeNull()
  })

  it('shares a story with its text; sharing it again replaces it', () => {
    const r = b.startAnswer(behavioralRound(), q1, T0, 'answer-one').round
    const text = { situation: 'S', task: 'T', action: 'A', result: 'R', learning: 'L' }
    const one = b.shareStory(r, bank.stories[0]!, text, 'answer-one', T0 + 1)
    const two = b.shareStory(one.round, bank.stories[0]!, { ...text, result: 'R2' }, null, T0 + 2)
    expect(b.behavioralOf(two.round).shared.map((s) => s.text.result)).toEqual(['R2'])
    expect(() => b.shareStory(r, bank.stories[0]!, text, 'no-such-answer', T0)).toThrow(/No such answer/)
  })
})

describe('behavioral debrief', () => {
  it('per answer: durations, STAR, flags, scores, self-review and story; coverage of competencies and values', () => {
    const d = behavioralDebrief(twoAnswers(), 'interviewer', T0 + 300_000)!
    expect(d.answers.map((a) => [a.answerMs, a.followUpMs])).toEqual([[90_000, 30_000], [120_000, 0]])
    expect(d.answers[0]).toMatchObject({ star: { result: false }, flags: ['no metric'], self: { score: 3 }, story: { title: 'The API argument', shared: false } })
    const row = (id: string) => d.heatmap.find((h) => h.id === id)!.cells
    expect(row('conflict')).toEqual([3, null])
    expect(row('communication')).toEqual([0, null]) // probed, not scored
    expect(row('ownership')).toEqual([null, 4])
    expect(row('failure')).toEqual([null, 2])
    expect(row('Disagree openly')).toEqual([3, null])
    expect(row('Own the outcome')).toEqual([null, 3])
    expect(row('Customers first')).toEqual([null, null])
    expect(d.valuesWithoutStory).toEqual(['Customers first'])
    expect(d.valuesNotCovered).toEqual(['Customers first'])
    const md = behavioralMarkdown(d).join('\n')
    expect(md).toContain('| Value: Customers first |  |  |')
    expect(md).toContain('Values of Acme without a story in the bank: Customers first.')
  })

  it('the candidate sees no review until the scorecard is shared; observers see no bank, titles or values', () => {
    const r = twoAnswers()
    const ada = behavioralDebrief(r, 'candidate', T0 + 300_000)!
    expect(ada.answers.every((a) => a.star === null && a.flags === null && a.scores === null)).toBe(true)
    expect(ada.heatmap.find((h) => h.id === 'conflict')!.cells).toEqual([0, null])
    expect(ada.valuesWithoutStory).toEqual(['Customers first'])
    const olu = behavioralDebrief(r, 'observer', T0 + 300_000)!
    expect(olu.answers.every((a) => a.story === null && a.self === null)).toBe(true)
    expect(olu.company).toBeNull()
    expect(olu.heatmap.every((h) => h.kind === 'competency')).toBe(true)
    const sharedCard = { round: 1, entries: {}, summary: '', submitted: true, updatedAt: T0, by: 'Ivy', shared: true }
    expect(behavioralDebrief({ ...r, scorecard: sharedCard }, 'candidate', T0)!.answers[0]!.scores).toEqual({ conflict: 3 })
  })
})
