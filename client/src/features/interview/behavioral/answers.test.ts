import { describe, expect, it } from 'vitest'
import { CustomQuestionInput, type AnswerView } from '@nudge/shared'
import { answerTimes, currentAnswer, valueQuestion } from './answers.ts'

const answer = (over: Partial<AnswerView>): AnswerView => ({
  id: 'answer-1', round: 1, questionId: 'q', title: 'Q', statement: 'Tell me', startedAt: 1_000, followUpAt: null, endedAt: null, review: null, self: null, ...over,
})

describe('behavioral answers on the client', () => {
  it('times the answer and its follow-ups', () => {
    expect(answerTimes(answer({}), 61_000)).toEqual({ answerMs: 60_000, followUpMs: 0, phase: 'answer' })
    expect(answerTimes(answer({ followUpAt: 91_000 }), 121_000)).toEqual({ answerMs: 90_000, followUpMs: 30_000, phase: 'follow-up' })
    expect(answerTimes(answer({ followUpAt: 91_000, endedAt: 101_000 }), 999_999)).toEqual({ answerMs: 90_000, followUpMs: 10_000, phase: 'ended' })
  })

  it('puts the open answer on stage, else the last', () => {
    const a = answer({ id: 'answer-a', endedAt: 5 })
    const b = answer({ id: 'answer-b' })
    expect(currentAnswer([a, b])?.id).toBe('answer-b')
    expect(currentAnswer([a])?.id).toBe('answer-a')
    expect(currentAnswer([])).toBeNull()
  })

  it('builds a valid custom question from a company value', () => {
    const q = valueQuestion('Disagree, then commit', 'Acme')
    expect(CustomQuestionInput.safeParse(q).success).toBe(true)
    expect(q.statement).toMatch(/^Tell me about a time you acted on \*\*Disagree, then commit\*\* — Acme's value —/)
  })
})
