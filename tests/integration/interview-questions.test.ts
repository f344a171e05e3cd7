import { describe, expect, it } from 'vitest'
import type { ErrorBody, QuestionSummary } from '@nudge/shared'
import { yjsClient } from '../utils/clients.ts'
import { interviewRoom } from '../utils/interview.ts'
import { startServer } from '../utils/server.ts'
import { waitFor } from '../utils/wait.ts'

const importable = (id: string) => `---
id: ${id}
kind: coding
title: Pair sum
difficulty: easy
tags: [arrays]
durationMinutes: 20
functionName: pairSum
examples:
  - input: "nums = [1, 2], target = 3"
    output: "[0, 1]"
constraints:
  - "2 ≤ nums.length"
starter:
  javascript: |
    function pairSum(nums, target) {
    }
  typescript: |
    function pairSum(nums: number[], target: number): number[] {
    }
  python: |
    def pairSum(nums, target):
        pass
hints:
  - text: Which pairs have you already ruled out?
  - text: Remember what you have seen.
  - text: A map from value to index.
solution: |
  One pass with a hash map.
tests:
  - { input: [[1, 2], 3], expected: [0, 1] }
  - { input: [[3, 3], 6], expected: [0, 1] }
  - { input: [[1, 5, 2], 3], expected: [0, 2] }
  - { input: [[0, 4, 4], 8], expected: [1, 2] }
---
Return the indices of the two numbers that add up to \`target\`.
`

describe('question bank over HTTP', () => {
  it('lists summaries only, to anyone, filterable, and documents the route', async () => {
    const s = await startServer()
    const res = await fetch(`${s.url}/api/questions`)
    expect(res.status).toBe(200)
    const list = (await res.json()) as QuestionSummary[]
    expect(list.length).toBeGreaterThan(10)
    for (const q of list) expect(Object.keys(q).sort()).toEqual(['difficulty', 'id', 'kind', 'tags', 'title'])
    const coding = (await (await fetch(`${s.url}/api/questions?kind=coding`)).json()) as QuestionSummary[]
    expect(coding.length).toBeGreaterThan(0)
    expect(coding.every((q) => q.kind === 'coding')).toBe(true)
    const bad = await fetch(`${s.url}/api/questions?kind=poetry`)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as ErrorBody).code).toBe('BAD_REQUEST')
    const api = (await (await fetch(`${s.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown> }
    expect(api.paths['/api/questions']).toBeDefined()
    expect(api.paths['/api/rooms/{id}/rounds/{n}/debrief']).toBeDefined()
  })
})

describe('picking a question', () => {
  it('sends the candidate view to everyone, the full view to the interviewer only, and inserts the starter once', async () => {
    const s = await startServer()
    const { room, ivy, ada, olu } = await interviewRoom(s, { language: 'python' })
    const q = ((await (await fetch(`${s.url}/api/questions?kind=coding`)).json()) as QuestionSummary[])[0]!
    const doc = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    await doc.synced()

    const picked = await ivy.ok('question:pick', { questionId: q.id })
    expect(picked.starterInserted).toBe(true)
    expect(picked.question.kind === 'coding' && picked.question.hints.length).toBeGreaterThan(0)
    for (const p of [ada, olu, ivy]) {
      const ev = await p.waitEvent('question:picked')
      expect(ev.question.id).toBe(q.id)
      expect(ev.question).not.toHaveProperty('hints')
      expect(ev.question).not.toHaveProperty('solution')
      expect(ev.question).not.toHaveProperty('tests')
      expect(ev.question.statement.length).toBeGreaterThan(10)
    }
    const briefed = await ivy.waitEvent('question:briefed')
    expect(briefed.question).toHaveProperty('solution')
    expect(ada.count('question:briefed') + olu.count('question:briefed')).toBe(0)

    const starter = picked.question.kind === 'coding' ? picked.question.starter.python! : ''
    await waitFor(() => doc.text.toString() === starter, 'starter code in the document')
    // Picking the same question again does not insert it twice: the server wrote one update.
    expect((await ivy.ok('question:pick', { questionId: q.id })).starterInserted).toBe(false)
    await s.app.collab.log.flush()
    const serverWrites = (await s.app.store.listUpdates(room.id, 'code')).filter((u) => u.author === 'server')
    expect(serverWrites).toHaveLength(2) // the room's initial document, then the starter
    expect(doc.text.toString()).toBe(starter)
    // The plan follows the question.
    const clock = await ada.waitEvent('clock:updated')
    expect(clock.clock.phases.map((p) => p.id)).toContain('code')
  })

  it('refuses candidates and observers, unknown ids and bad payloads; nothing changes', async () => {
    const s = await startServer()
    const { ivy, ada, olu } = await interviewRoom(s)
    const q = ((await (await fetch(`${s.url}/api/questions?kind=coding`)).json()) as QuestionSummary[])[0]!
    for (const p of [ada, olu]) {
      for (const [name, payload] of [
        ['question:pick', { questionId: q.id }],
        ['question:get', { questionId: q.id }],
        ['question:export', { questionId: q.id, format: 'markdown' }],
        ['question:create', { question: { title: 'x', kind: 'coding', statement: 'y' } }],
      ] as const) {
        const ack = await p.cmd(name, payload as never)
        expect(ack, `${p.role} ${name}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      }
    }
    expect(await ivy.cmd('question:pick', { questionId: 'no-such-question' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await ivy.cmd('question:pick', { questionId: 'Not An Id' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    const sync = await ada.ok('interview:sync', {})
    expect(sync.state.question).toBeNull()
    expect(sync.staff).toBeNull()
    expect(ada.count('question:picked')).toBe(0)
  })

  it('after the round ends the question is fixed (while it runs it may change: first-hour.test.ts)', async () => {
    const s = await startServer()
    const { ivy } = await interviewRoom(s)
    const [a, b] = (await (await fetch(`${s.url}/api/questions?kind=coding`)).json()) as QuestionSummary[]
    await ivy.ok('question:pick', { questionId: a!.id })
    await ivy.ok('clock:start', {})
    await ivy.ok('clock:end', {})
    expect(await ivy.cmd('question:pick', { questionId: b!.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })
})

describe('custom questions, import and export', () => {
  it('an interviewer writes a question with its own hints, picks it, and the candidate never sees the hints', async () => {
    const s = await startServer()
    const { ivy, ada } = await interviewRoom(s)
    const summary = await ivy.ok('question:create', {
      question: { title: 'Ring buffer', kind: 'coding', statement: 'Implement a ring buffer.', hints: [{ text: 'Two indices and a count.' }], starter: { javascript: 'class Ring {}\n' } },
    })
    expect(summary).toMatchObject({ title: 'Ring buffer', kind: 'coding', tags: ['custom'] })
    expect((await ivy.waitEvent('question:created')).id).toBe(summary.id)
    expect(ada.count('question:created')).toBe(0)
    expect((await ivy.ok('interview:sync', {})).staff?.customQuestions.map((q) => q.id)).toEqual([summary.id])
    await ivy.ok('question:pick', { questionId: summary.id })
    const picked = await ada.waitEvent('question:picked')
    expect(picked.question.title).toBe('Ring buffer')
    expect(JSON.stringify(picked)).not.toContain('Two indices')
    // Custom questions are the room's own: not in the public bank.
    const bank = (await (await fetch(`${s.url}/api/questions`)).json()) as QuestionSummary[]
    expect(bank.some((q) => q.id === summary.id)).toBe(false)
  })

  it('imports a question file, exports it, re-imports the export, and reports invalid files', async () => {
    const s = await startServer()
    const { ivy } = await interviewRoom(s)
    const imported = await ivy.ok('question:import', { format: 'markdown', text: importable('pair-sum') })
    expect(imported).toMatchObject({ id: 'pair-sum', title: 'Pair sum', kind: 'coding' })
    const md = await ivy.ok('question:export', { questionId: 'pair-sum', format: 'markdown' })
    expect(md.filename).toBe('pair-sum.md')
    const again = await ivy.ok('question:import', { format: 'markdown', text: md.text })
    expect(again.id).not.toBe('pair-sum') // the id is taken: a suffix keeps both
    const copy = await ivy.ok('question:export', { questionId: again.id, format: 'markdown' })
    expect(copy.text).toBe(md.text.replace('id: pair-sum', `id: ${again.id}`))
    const json = await ivy.ok('question:export', { questionId: 'pair-sum', format: 'json' })
    expect(JSON.parse(json.text)).toMatchObject({ id: 'pair-sum', solution: 'One pass with a hash map.' })
    const bad = await ivy.cmd('question:import', { format: 'markdown', text: importable('pair-sum').replace('functionName: pairSum', 'functionName: 1nope') })
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    if (!bad.ok) expect(bad.error.message).toMatch(/functionName/)
  })
})
