import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { RUBRICS, type Role } from '@nudge/shared'
import { getWithToken, interviewRoom, join, type Participant } from '../utils/interview.ts'
import { rawYjs } from '../utils/raw.ts'
import { startServer } from '../utils/server.ts'
import { waitFor } from '../utils/wait.ts'

/** Unique strings that must never reach the wrong person by any path. */
const canary = (what: string) => `CANARY-${what}-${randomBytes(6).toString('hex')}`

/** A complete question file whose hints, solution and tests carry canaries. */
function questionFile(id: string, c: { hints: string[]; solution: string; test: string }) {
  return `---
id: ${id}
kind: coding
title: Meeting rooms ${id}
difficulty: medium
tags: [intervals]
durationMinutes: 30
functionName: minRooms
examples:
  - input: "meetings = [[0, 30], [5, 10]]"
    output: "2"
constraints:
  - "1 ≤ meetings.length"
starter:
  javascript: |
    function minRooms(meetings) {
    }
  typescript: |
    function minRooms(meetings: number[][]): number {
    }
  python: |
    def minRooms(meetings):
        pass
hints:
${c.hints.map((h) => `  - text: ${h}`).join('\n')}
solution: |
  ${c.solution}
tests:
  - { input: [[[0, 30], [5, 10]]], expected: 2 }
  - { input: [[[0, 1]]], expected: 1 }
  - { input: [[[0, 5], [5, 9]]], expected: 1 }
  - { input: [[[1, 2], [1, 2]]], expected: "${c.test}", hidden: true }
---
Given meetings as [start, end) pairs, return the fewest rooms that hold them all.
`
}

/** SyncStep1 with an empty state vector: "send me the whole document". */
function requestWholeDoc(): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()))
  return encoding.toUint8Array(e)
}

describe('privacy: what candidates and observers receive', () => {
  it('a scripted session with notes, unsent hints, solutions and scorecards leaks no canary to them by any path', async () => {
    const s = await startServer()
    const { room, ivy, ada, olu } = await interviewRoom(s, { language: 'javascript' })
    /** Everything each person received over HTTP, in order. */
    const http = new Map<Participant, string[]>([[ivy, []], [ada, []], [olu, []]])
    const token = (p: Participant) => (p === ivy ? room.tokens.interviewer : p === ada ? room.tokens.candidate : room.tokens.observer)
    const get = async (p: Participant, path: string, auth = true) => {
      const r = auth ? await getWithToken(`${s.url}${path}`, token(p)) : await fetch(`${s.url}${path}`).then(async (x) => ({ status: x.status, type: '', text: await x.text() }))
      http.get(p)!.push(`${path} ${r.status} ${r.text}`)
      return r
    }
    /** A round's replay as `p` gets it: the timeline, then every page of both documents' updates. */
    const replay = async (p: Participant, n: number) => {
      const meta = await get(p, `/api/rooms/${room.id}/rounds/${n}/replay`)
      expect(meta.status).toBe(200)
      const m = JSON.parse(meta.text) as { code: { after: number; updates: number }; board: { after: number } | null }
      for (const [doc, info] of [['code', m.code], ['board', m.board]] as const) {
        let after: number | null = info && info.after
        while (after !== null) {
          const page = await get(p, `/api/rooms/${room.id}/rounds/${n}/replay/updates?doc=${doc}&after=${after}`)
          after = (JSON.parse(page.text) as { next: number | null }).next
        }
      }
      return meta.text
    }
    // The Yjs channel of the candidate and the observer, raw, including a full-document sync.
    const yAda = rawYjs(s.wsUrl, room.id, `token=${room.tokens.candidate}&nudge=1`)
    const yOlu = rawYjs(s.wsUrl, room.id, `token=${room.tokens.observer}&nudge=1`)
    await Promise.all([yAda.opened, yOlu.opened])

    // ── Round 1: Ivy interviews Ada. Set A must never reach Ada or Olu. ──
    const A = {
      hints: [canary('A-HINT1'), canary('A-HINT2'), canary('A-HINT3')],
      solution: canary('A-SOLUTION'),
      test: canary('A-TEST'),
      customHint: canary('A-CUSTOM-HINT'),
      note: canary('A-NOTE'),
      score: canary('A-SCORE'),
      summary: canary('A-SUMMARY'),
      hiddenRun: canary('A-HIDDEN-RUN'),
      privateRun: canary('A-PRIVATE-RUN'),
      /** Ivy → Olu: a private message the candidate must never get (the observer may). */
      privateChat: canary('A-PRIVATE-CHAT'),
    }
    /** Private chat between the interviewer and the observer: never the candidate's (nor anyone else's). */
    const whisper = { ivyToOlu: canary('W1-IVY-TO-OLU'), oluToIvy: canary('W1-OLU-TO-IVY'), adaToOlu: canary('W2-ADA-TO-OLU'), oluToAda: canary('W2-OLU-TO-ADA') }
    const idOf = (p: Participant) => (p.events.find((e) => e.event === 'room:state')!.arg as { you: { id: string } }).you.id
    const B = {
      hints: [canary('B-HINT1'), canary('B-HINT2'), canary('B-HINT3')],
      solution: canary('B-SOLUTION'),
      test: canary('B-TEST'),
      note: canary('B-NOTE'),
      score: canary('B-SCORE'),
    }
    const qa = await ivy.ok('question:import', { format: 'markdown', text: questionFile('rooms-a', A) })
    // Round two's question, prepared (not opened) by Ivy; she never receives its secrets either.
    const qb = await ivy.ok('question:import', { format: 'markdown', text: questionFile('rooms-b', B) })
    await ivy.ok('question:create', { question: { title: 'Spare', kind: 'coding', statement: 'Unused.', hints: [{ text: A.customHint }] } })
    await ivy.ok('question:pick', { questionId: qa.id })
    await ivy.ok('clock:start', {})
    const asked = await ada.ok('clarify:ask', { text: 'Are intervals half-open?' })
    await ivy.ok('clarify:answer', { id: asked.id, text: 'Yes.' })
    await ada.ok('clarify:pin', { id: asked.id, pinned: true })
    await ada.ok('stuck:raise', {})
    await ivy.ok('hint:send', { tier: 0, text: 'PUBLIC-HINT-R1: sort by start time.' }) // a reworded tier: the original stays private
    await ivy.ok('note:add', { text: A.note })
    await ada.ok('chat:send', { text: 'PUBLIC-CHAT-R1: thinking out loud now.' })
    await ivy.ok('chat:send', { text: A.privateChat, to: idOf(olu) })
    await ivy.ok('chat:send', { text: whisper.ivyToOlu, to: idOf(olu) })
    await olu.ok('chat:send', { text: whisper.oluToIvy, to: idOf(ivy) })
    // Runs: Ada runs the tests and Ivy's page reports the hidden one (its details carry canaries);
    // Ivy runs code privately, with a canary in the code and in its output.
    const finished = { status: 'ran' as const, outputTruncated: false, cases: [], error: null, durationMs: 3 }
    const adaRun = await ada.ok('run:start', { language: 'javascript', kind: 'tests', code: 'function minRooms() { return 1 }' })
    await ada.ok('run:finish', { ...finished, runId: adaRun.id, status: 'passed', output: '' })
    const hiddenCase = { index: 3, input: '[[[1,2],[1,2]]]', expected: JSON.stringify(A.test), actual: JSON.stringify(A.hiddenRun), passed: false, ms: 1, error: null }
    await ivy.ok('run:hidden', { runId: adaRun.id, cases: [hiddenCase] })
    const priv = await ivy.ok('run:start', { language: 'javascript', kind: 'code', private: true, code: `// ${A.privateRun}` })
    await ivy.ok('run:output', { runId: priv.id, chunk: A.privateRun })
    await ivy.ok('run:finish', { ...finished, runId: priv.id, output: A.privateRun })
    for (const p of [ada, olu]) await p.ok('run:list', {})
    await ivy.ok('clock:next', {})
    // Candidates and observers probing for private material get error acks only.
    for (const p of [ada, olu]) {
      await p.cmd('question:get', { questionId: qa.id })
      await p.cmd('question:export', { questionId: qa.id, format: 'json' })
      await p.cmd('note:add', { text: 'probe' })
      await p.cmd('scorecard:save', { entries: {} })
      await p.cmd('scorecard:share', {})
      await p.ok('interview:sync', {})
      await p.ok('chat:history', {})
    }
    await ivy.ok('clock:end', {})
    const scoreA = Object.fromEntries(RUBRICS.coding.map((c) => [c.id, { score: 3 as const, comment: A.score }]))
    await ivy.ok('scorecard:save', { entries: scoreA, summary: A.summary, submit: true })
    await ada.ok('selfassessment:save', { entries: { testing: { score: 2, comment: 'self' } } })
    for (const p of [ada, olu]) {
      await p.ok('debrief:get', { round: 1, format: 'json' })
      await p.ok('debrief:get', { round: 1, format: 'markdown' })
      await get(p, `/api/rooms/${room.id}/rounds/1/debrief`)
      await get(p, `/api/rooms/${room.id}/rounds/1/debrief.md`)
      await get(p, '/api/questions', false)
      await replay(p, 1)
    }

    // ── Round 2: roles swap; Ada interviews Ivy on question B. Set B must never reach Ivy or Olu. ──
    await ivy.ok('round:swap', { questionId: qb.id })
    await ada.waitEvent('staff:state', (st) => st.round === 2)
    await ivy.waitEvent('interview:state', (st) => st.round.n === 2)
    // Ada is an interviewer now, but round one's question (she was its candidate) stays closed to her.
    expect(await ada.cmd('question:get', { questionId: qa.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await ada.cmd('question:export', { questionId: qa.id, format: 'markdown' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await ada.cmd('scorecard:save', { round: 1, entries: {} })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await ada.ok('clock:start', {})
    await ada.ok('hint:send', { tier: 2, text: 'PUBLIC-HINT-R2: count overlaps.' })
    await ada.ok('note:add', { text: B.note })
    await ada.ok('chat:send', { text: whisper.adaToOlu, to: idOf(olu) })
    await olu.ok('chat:send', { text: whisper.oluToAda, to: idOf(ada) })
    await ivy.ok('stuck:raise', {})
    await ada.ok('clock:end', {})
    const scoreB = Object.fromEntries(RUBRICS.coding.map((c) => [c.id, { score: 2 as const, comment: B.score }]))
    await ada.ok('scorecard:save', { entries: scoreB, submit: true })
    for (const p of [ivy, olu]) {
      for (const n of [1, 2]) {
        await p.ok('debrief:get', { round: n, format: 'markdown' })
        await get(p, `/api/rooms/${room.id}/rounds/${n}/debrief`)
        await get(p, `/api/rooms/${room.id}/rounds/${n}/debrief.md`)
        await replay(p, n)
      }
      await p.cmd('question:get', { questionId: qb.id })
      await p.ok('interview:sync', {})
      await p.ok('chat:history', {})
    }
    await ada.ok('chat:history', {})
    await get(ada, `/api/rooms/${room.id}/rounds/1/debrief`)
    await get(ada, `/api/rooms/${room.id}/rounds/1/debrief.md`)
    await ada.ok('debrief:get', { round: 1, format: 'markdown' })
    await replay(ada, 1)
    // The interviewers' replays carry their own notes (so the canaries above can be found at all).
    expect(await replay(ivy, 1)).toContain(A.note)
    expect(await replay(ada, 2)).toContain(B.note)

    // Everything has arrived: a last round trip per socket, and the Yjs channels caught up.
    await Promise.all([ivy, ada, olu].map((p) => p.ok('clock:ping', { clientSentAt: 0 })))
    yAda.ws.send(requestWholeDoc())
    yOlu.ws.send(requestWholeDoc())
    await waitFor(() => yAda.received.length > 2 && yOlu.received.length > 2, 'document synced on the raw channels')
    await s.app.collab.log.flush()

    const dump = (p: Participant, y?: { received: Uint8Array[] }) =>
      [...p.frames, ...http.get(p)!, ...(y ? y.received.map((b) => Buffer.from(b).toString('latin1')) : [])].join('\n')
    const leaks = (text: string, secrets: string[]) => secrets.filter((c) => text.includes(c))
    const setA = [...A.hints, A.solution, A.test, A.customHint, A.note, A.score, A.summary, A.hiddenRun, A.privateRun]
    const setB = [...B.hints, B.solution, B.test, B.note, B.score]

    const adaSaw = dump(ada, yAda)
    const oluSaw = dump(olu, yOlu)
    const ivySaw = dump(ivy)
    expect(leaks(adaSaw, [...setA, A.privateChat]), 'round-1 secrets reached the round-1 candidate').toEqual([])
    expect(leaks(oluSaw, [...setA, ...setB]), 'secrets reached the observer').toEqual([])
    expect(leaks(ivySaw, setB), 'round-2 secrets reached the round-2 candidate').toEqual([])
    // A private message reaches its two ends only: not the candidate of its round, not anyone later.
    expect(leaks(adaSaw, [whisper.ivyToOlu, whisper.oluToIvy]), 'round-1 private chat reached the round-1 candidate').toEqual([])
    expect(leaks(ivySaw, [whisper.adaToOlu, whisper.oluToAda]), 'round-2 private chat reached the round-2 candidate').toEqual([])
    expect(oluSaw).toContain(whisper.ivyToOlu)
    expect(oluSaw).toContain(whisper.adaToOlu)
    expect(ivySaw).toContain(whisper.oluToIvy)
    expect(dump(ada)).toContain(whisper.oluToAda)

    // The capture works: what is meant for them did arrive, and the interviewers got their secrets.
    for (const saw of [adaSaw, oluSaw, ivySaw]) {
      expect(saw).toContain('PUBLIC-HINT-R1')
      expect(saw).toContain('Are intervals half-open?')
      expect(saw).toContain('fewest rooms')
      expect(saw).toContain('PUBLIC-CHAT-R1')
    }
    expect(oluSaw).toContain(A.privateChat) // live, to its addressee; never in a debrief or replay
    for (const p of [ivy, ada, olu]) {
      const replays = http.get(p)!.filter((line) => line.includes('/replay'))
      expect(replays.length).toBeGreaterThan(0)
      expect(leaks(replays.join('\n'), [A.privateChat, ...Object.values(whisper)]), 'private chat in a replay').toEqual([])
    }
    expect(oluSaw).toContain('PUBLIC-HINT-R2')
    expect(adaSaw).toContain('function minRooms') // the starter reached the document
    expect(ivySaw).toContain(A.note)
    expect(ivySaw).toContain(A.hints[2]) // the full view of round one's question, on her private channel
    expect(ivySaw).toContain(A.score)
    expect(ivySaw).toContain(A.hiddenRun)
    expect(ivySaw).toContain(A.privateRun)
    expect(adaSaw).toContain('"hidden":{"total":1,"passed":0,"state":"done"}') // the candidate gets the count
    expect(dump(ada)).toContain(B.note)
    expect(dump(ada)).toContain(B.solution)
  })
})

describe('privacy: behavioral rounds and the story bank', () => {
  it('brought titles reach only the candidate and interviewer, reviews only the interviewer, story text only once shared', async () => {
    const s = await startServer()
    const { room, ivy, ada, olu } = await interviewRoom(s)
    const C = {
      title: canary('STORY-TITLE'),
      tag: canary('STORY-TAG').toLowerCase(),
      value: canary('VALUE'),
      flag: canary('FLAG'),
      sharedText: canary('SHARED-TEXT'),
    }
    const [q1, q2] = ['production-mistake', 'cutting-scope']
    await ivy.ok('question:pick', { questionId: q1 })
    await ivy.ok('clock:start', {})
    // Observers and candidates cannot run the interviewer's commands, and the reverse.
    expect(await ada.cmd('answer:start', { questionId: q1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await olu.cmd('bank:bring', { stories: [], company: null })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const a1 = await ivy.ok('answer:start', { questionId: q1 })
    // Story text cannot ride along with the titles: the schema is strict.
    const smuggled = { id: 'story-1', title: 'x', tags: [], values: [], situation: C.sharedText }
    expect(await ada.cmd('bank:bring', { stories: [smuggled] as never, company: null })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    // Story 1 is shared after the answer; story 2 never is: its title, tag and value stay between Ada and Ivy.
    const header = { id: 'story-1', title: 'The outage story', tags: ['ownership'], values: ['Own it'] }
    const unshared = { id: 'story-2', title: C.title, tags: [C.tag], values: [C.value] }
    await ada.ok('bank:bring', { stories: [header, unshared], company: { name: 'Acme', values: ['Own it', C.value, 'Customers first'] } })
    await ivy.waitEvent('behavioral:updated', (v) => v.bank?.stories[1]?.title === C.title, 'the brought titles')
    expect(await ivy.cmd('story:share', { story: header, text: { situation: 's', task: 't', action: 'a', result: 'r', learning: 'l' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await ada.ok('answer:self', { answerId: a1.id, storyId: 'story-1', star: { situation: true }, score: 3 })
    await ivy.ok('answer:review', { answerId: a1.id, star: { situation: true, task: true }, flags: [C.flag], scores: { ownership: 3 } })
    expect(await ada.cmd('answer:review', { answerId: a1.id, star: { result: true } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await ivy.ok('answer:advance', { answerId: a1.id, to: 'follow-up' })
    const a2 = await ivy.ok('answer:start', { questionId: q2 })
    expect(a2.review?.competencies).toContain('prioritization')
    // After the answer, the candidate shares the story: now everyone gets its text.
    await ada.ok('story:share', { story: header, answerId: a1.id, text: { situation: C.sharedText, task: 't', action: 'a', result: 'r', learning: 'l' } })
    await olu.waitEvent('story:shared', (x) => x.text.situation === C.sharedText)
    await ivy.waitEvent('story:shared', (x) => x.text.situation === C.sharedText)
    await ivy.ok('clock:end', {})
    for (const p of [ada, olu]) {
      await p.ok('debrief:get', { round: 1, format: 'markdown' })
      await p.ok('interview:sync', {})
    }
    const ivyDebrief = await ivy.ok('debrief:get', { round: 1, format: 'markdown' })
    expect(ivyDebrief.markdown).toContain(C.flag)
    expect(ivyDebrief.debrief.behavioral?.valuesNotCovered).toEqual([C.value, 'Customers first'])
    expect(ivyDebrief.debrief.behavioral?.valuesWithoutStory).toEqual(['Customers first'])
    expect(ivyDebrief.debrief.behavioral?.heatmap.find((h) => h.id === 'Own it')?.cells).toEqual([3, null])
    await Promise.all([ivy, ada, olu].map((p) => p.ok('clock:ping', { clientSentAt: 0 })))

    const saw = (p: Participant) => p.frames.join('\n')
    expect(saw(olu), 'observer').not.toContain(C.title)
    expect(saw(olu)).not.toContain(C.tag)
    expect(saw(olu)).not.toContain(C.value)
    expect(saw(olu)).not.toContain(C.flag)
    expect(saw(ada), 'candidate').not.toContain(C.flag)
    // What each may see did arrive.
    for (const p of [ivy, ada, olu]) expect(saw(p)).toContain(C.sharedText)
    expect(saw(ada)).toContain(C.title)
    expect(saw(ivy)).toContain(C.value)
    expect(saw(olu)).toContain('The outage story')
    expect(saw(olu)).toContain('Tell me about a time the work would not fit the deadline')
  })
})

describe('privacy: interview loops', () => {
  it('unpublished review comments, private notes and unshared decisions never reach the candidate', async () => {
    const s = await startServer()
    const C = { comment: canary('LOOP-COMMENT'), note: canary('LOOP-NOTE'), decision: canary('LOOP-DECISION') }
    /** Every HTTP answer the candidate got, in order. */
    const candidateSaw: string[] = []
    const call = async (method: string, path: string, key: string, body?: unknown) => {
      const res = await fetch(`${s.url}${path}`, {
        method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: res.status, text: await res.text() }
    }
    const keyOf = (url: string) => new URL(url).hash.replace(/^#(key|token)=/, '')
    const created = await fetch(`${s.url}/api/loops`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Loop', candidate: 'Ada', stages: [{ kind: 'take-home', questionId: 'first-free-slot', deadlineHours: 24 }, { kind: 'take-home-review', interviewer: 'Ivy' }] }),
    }).then((r) => r.json() as Promise<{ id: string; candidate: { link: string }; interviewers: { link: string }[] }>)
    const ada = keyOf(created.candidate.link)
    const ivy = keyOf(created.interviewers[0]!.link)
    const asAda = async (method: string, path: string, body?: unknown) => {
      const r = await call(method, path, ada, body)
      candidateSaw.push(`${path} ${r.status} ${r.text}`)
      return r
    }
    const loopView = async (key: string) => JSON.parse((await call('GET', `/api/loops/${created.id}`, key)).text) as { stages: { room: { url: string } | null }[] }
    await asAda('POST', `/api/loops/${created.id}/stages/1/submit`)
    const reviewUrl = (await loopView(ivy)).stages[1]!.room!.url
    const reviewRoom = { id: new URL(reviewUrl).pathname.split('/')[2]!, tokens: { interviewer: keyOf(reviewUrl), candidate: keyOf((await loopView(ada)).stages[1]!.room!.url) } as Record<Role, string> }

    await call('POST', `/api/loops/${created.id}/stages/2/comments`, ivy, { startLine: 1, endLine: 1, kind: 'concern', text: C.comment })
    const ivyIn = join(s, reviewRoom, 'interviewer', 'Ivy')
    const adaIn = join(s, reviewRoom, 'candidate', 'Ada')
    await Promise.all([ivyIn.waitEvent('staff:state'), adaIn.waitEvent('interview:state')])
    // A range comment written from the room while the candidate is in it: the interviewer's sockets
    // hear of it, the candidate's hear nothing (not even that a comment exists).
    expect((await call('POST', `/api/rooms/${reviewRoom.id}/loop/comments`, reviewRoom.tokens.interviewer, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 3, kind: 'note', text: `${C.comment} (room)` })).status).toBe(201)
    await ivyIn.waitEvent('loop:review-changed')
    await ivyIn.ok('clock:start', {})
    await ivyIn.ok('note:add', { text: C.note })
    await ivyIn.ok('clock:end', {})
    await call('POST', `/api/loops/${created.id}/stages/2/decision`, ivy, { advance: false, reason: C.decision })

    // Everything the candidate can ask for, by the loop's link and the rooms' invites.
    await asAda('GET', `/api/loops/${created.id}`)
    await asAda('GET', `/api/loops/${created.id}/packet`)
    await asAda('GET', `/api/loops/${created.id}/stages/2/comments`)
    await asAda('GET', `/api/loops/${created.id}/stages/1/submission`)
    candidateSaw.push((await call('GET', `/api/rooms/${reviewRoom.id}/loop`, reviewRoom.tokens.candidate)).text)
    candidateSaw.push((await call('GET', `/api/rooms/${reviewRoom.id}/rounds/1/debrief`, reviewRoom.tokens.candidate)).text)
    await adaIn.ok('debrief:get', { round: 1, format: 'markdown' })
    await adaIn.ok('clock:ping', { clientSentAt: 0 })
    const all = [...candidateSaw, ...adaIn.frames].join('\n')
    expect([C.comment, C.note, C.decision].filter((c) => all.includes(c)), 'loop secrets reached the candidate').toEqual([])
    expect(adaIn.count('loop:review-changed'), 'the candidate heard of unpublished comments').toBe(0)

    // Published and shared, the comment and the decision do reach her; the note never does.
    await call('POST', `/api/loops/${created.id}/stages/2/comments/publish`, ivy)
    await call('POST', `/api/loops/${created.id}/packet/share`, ivy)
    const after = [(await asAda('GET', `/api/loops/${created.id}/stages/2/comments`)).text, (await asAda('GET', `/api/loops/${created.id}/packet`)).text].join('\n')
    expect(after).toContain(C.comment)
    expect(after).toContain(C.decision)
    expect(after).not.toContain(C.note)
    // The capture works: the interviewer got her note.
    expect(ivyIn.frames.join('\n')).toContain(C.note)
  })
})
