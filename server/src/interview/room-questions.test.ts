import { beforeAll, describe, expect, it } from 'vitest'
import { BUNDLED_QUESTIONS_DIR, loadQuestionBank, serializeQuestion, type QuestionBank } from './question-bank.ts'
import { RoomQuestions } from './room-questions.ts'

let bank: QuestionBank
let n = 0
const suffix = () => `s${(n++).toString(16).padStart(4, '0')}`
beforeAll(async () => {
  bank = await loadQuestionBank(BUNDLED_QUESTIONS_DIR)
})

describe('room questions', () => {
  it('creates custom questions with their own hints and ids that never collide with the bank', () => {
    const rq = new RoomQuestions(bank, [])
    const { question, custom } = rq.create({ title: 'Ring buffer', kind: 'coding', statement: 'Build one.', hints: [{ text: 'Two indices.' }] }, suffix)
    expect(question.id).toMatch(/^custom-/)
    expect(question.hints).toEqual([{ text: 'Two indices.' }])
    expect(new RoomQuestions(bank, custom).get(question.id)).toEqual(question)
  })

  it('exports bank questions as Markdown that imports back (renamed when the id is taken)', () => {
    const rq = new RoomQuestions(bank, [])
    const id = bank.list({ kind: 'coding' })[0]!.id
    const file = rq.export(id, 'markdown')
    expect(file.filename).toBe(`${id}.md`)
    expect(file.text).toBe(serializeQuestion(bank.get(id)!))
    const { question } = rq.import('markdown', file.text, suffix)
    expect(question.id).not.toBe(id)
    expect({ ...question, id }).toEqual(bank.interviewerView(id))
  })

  it('round-trips a custom question through its short JSON form; Markdown needs a complete question', () => {
    const rq = new RoomQuestions(bank, [])
    const { question, custom } = rq.create({ title: 'Tell me', kind: 'behavioral', statement: 'About a time…', hints: [{ text: 'Be specific.' }] }, suffix)
    const rq2 = new RoomQuestions(bank, custom)
    expect(() => rq2.export(question.id, 'markdown')).toThrow(/export this one as JSON/)
    const json = rq2.export(question.id, 'json')
    const back = new RoomQuestions(bank, []).import('json', json.text, suffix).question
    expect({ ...back, id: question.id }).toEqual(question)
  })

  it('reports every problem of an invalid file as BAD_REQUEST', () => {
    const rq = new RoomQuestions(bank, [])
    expect(() => rq.import('markdown', 'no front matter', suffix)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }))
    expect(() => rq.import('json', '{"kind":"coding"}', suffix)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }))
    expect(() => rq.import('json', '{nope', suffix)).toThrow(/Not valid JSON/)
  })

  it('finds a question nobody has seen: same kind, closest difficulty', () => {
    const rq = new RoomQuestions(bank, [])
    const coding = bank.list({ kind: 'coding' })
    const used = new Set(coding.slice(0, -1).map((q) => q.id))
    expect(rq.unseen(used, { kind: 'coding' })?.id).toBe(coding.at(-1)!.id)
    const allCoding = new Set(coding.map((q) => q.id))
    expect(rq.unseen(allCoding, { kind: 'coding' })?.kind).not.toBe('coding')
    const everything = new Set(bank.list().map((q) => q.id))
    expect(rq.unseen(everything, { kind: 'coding' })).toBeUndefined()
  })
})
