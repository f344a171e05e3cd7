import { rmSync } from 'node:fs'
import { describe, expect, it, onTestFinished } from 'vitest'
import { RUBRICS, type CreateLoopResponse, type LoopPacket, type LoopView, type Role } from '@nudge/shared'
import { startServer, type TestServer } from '../utils/server.ts'
import { yjsClient } from '../utils/clients.ts'
import { join } from '../utils/interview.ts'
import { fragmentSecret } from '../utils/cohorts.ts'
import { waitFor } from '../utils/wait.ts'
import * as Y from 'yjs'

const LOOP = {
  title: 'Backend loop',
  target: 'Acme · backend engineer',
  candidate: 'Ada',
  stages: [
    { kind: 'take-home', questionId: 'first-free-slot', deadlineHours: 48 },
    { kind: 'take-home-review', interviewer: 'Ivy' },
    { kind: 'coding', questionId: 'activity-streak', interviewer: 'Olu', minutes: 45 },
    { kind: 'behavioral', questionId: 'ambiguous-problem', interviewer: 'Ivy' },
  ],
}

function api(s: TestServer) {
  const call = async (method: string, path: string, key?: string, body?: unknown) => {
    const res = await fetch(`${s.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  }
  return {
    call,
    create: async (body: unknown = LOOP) => {
      const r = await call('POST', '/api/loops', undefined, body)
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      return r.body as CreateLoopResponse
    },
    view: async (id: string, link: string) => {
      const r = await call('GET', `/api/loops/${id}`, fragmentSecret(link))
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      return r.body as LoopView
    },
  }
}

/** Canaries: an interviewer's private note (never in a loop view or packet) and a decision (not the candidate's until shared). */
const NOTE = `CANARY-LOOP-NOTE-${Math.random().toString(36).slice(2)}`
const DECISION = `CANARY-DECISION-${Math.random().toString(36).slice(2)}`
const COMMENT = `CANARY-COMMENT-${Math.random().toString(36).slice(2)}`

const roomOf = (url: string) => ({ id: new URL(url).pathname.split('/')[2]!, secret: fragmentSecret(url) })

/** Types into a stage room's code document as the holder of `url` and waits until the server has it. */
async function type(s: TestServer, url: string, text: string) {
  const { id, secret } = roomOf(url)
  const c = yjsClient(s.wsUrl, id, { token: secret })
  await c.synced()
  c.text.delete(0, c.text.length)
  c.text.insert(0, text)
  const probe = yjsClient(s.wsUrl, id, { token: secret })
  await waitFor(async () => (await probe.synced(), probe.text.toString() === text), 'the server has the edit')
  c.provider.destroy()
  probe.provider.destroy()
}

describe('interview loops', () => {
  it('take-home → review → coding → behavioral: each person sees their part, a submission is frozen, the review starts from it', async () => {
    const s = await startServer()
    const { create, view, call } = api(s)
    const loop = await create()
    expect(loop.interviewers.map((i) => i.name)).toEqual(['Ivy', 'Olu'])
    const [ivy, olu] = loop.interviewers

    // The candidate: stage 1 open with its assignment and deadline; later stages wait, their questions unseen.
    let ada = await view(loop.id, loop.candidate.link)
    expect(ada.viewer).toEqual({ role: 'candidate', name: 'Ada' })
    expect(ada.links).toBeNull()
    expect(ada.stages.map((x) => [x.kind, x.status, x.open])).toEqual([
      ['take-home', 'not-started', true], ['take-home-review', 'not-started', false], ['coding', 'not-started', false], ['behavioral', 'not-started', false],
    ])
    expect(ada.stages[0]!.question).toBeTruthy()
    expect(ada.stages[0]!.deadlineAt).toBeGreaterThan(Date.now() + 47 * 3_600_000)
    expect(ada.stages.map((x) => x.question)).toEqual([ada.stages[0]!.question, ada.stages[0]!.question, null, null]) // the review is of their own take-home
    expect(ada.stages[1]!.waiting).toBe('Opens when stage 1 (Take-home) is done.')
    expect(ada.stages[0]!.room?.role).toBe('candidate')
    expect(ada.stages.slice(1).map((x) => x.room)).toEqual([null, null, null])

    // The interviewers see their own stages' questions; nobody but the owner sees the links.
    const ivyView = await view(loop.id, ivy!.link)
    expect(ivyView.viewer).toEqual({ role: 'interviewer', name: 'Ivy' })
    expect(ivyView.stages[2]!.question).toBeTruthy()
    expect(ivyView.links).toBeNull()
    expect((await view(loop.id, loop.owner)).links?.interviewers.map((i) => i.name)).toEqual(['Ivy', 'Olu'])

    // Nothing is submitted before the work, by someone else, or out of order.
    expect((await call('POST', `/api/loops/${loop.id}/stages/1/submit`, fragmentSecret(ivy!.link))).status).toBe(403)
    expect((await call('POST', `/api/loops/${loop.id}/stages/3/submit`, fragmentSecret(loop.candidate.link))).body).toMatchObject({ code: 'BAD_REQUEST' })
    expect((await call('GET', `/api/loops/${loop.id}/stages/1/submission`, fragmentSecret(ivy!.link))).status).toBe(404)

    // The candidate works in the take-home room, over two visits, then submits.
    const takeHome = ada.stages[0]!.room!.url
    await type(s, takeHome, 'function firstFreeSlot() {\n  // visit one\n}\n')
    const visit = join(s, { id: roomOf(takeHome).id, tokens: { candidate: roomOf(takeHome).secret } as Record<Role, string> }, 'candidate', 'Ada')
    await visit.waitEvent('interview:state')
    expect((await view(loop.id, loop.candidate.link)).stages[0]!.status).toBe('in-progress')
    const final = 'function firstFreeSlot() {\n  return 42 // visit two\n}\n'
    await type(s, takeHome, final)
    const sub = await call('POST', `/api/loops/${loop.id}/stages/1/submit`, fragmentSecret(loop.candidate.link))
    expect(sub.status).toBe(201)
    expect(sub.body).toMatchObject({ stage: 1, late: false, code: final, language: 'javascript' })
    expect((await call('POST', `/api/loops/${loop.id}/stages/1/submit`, fragmentSecret(loop.candidate.link))).status).toBe(409)

    // Edits after submitting never change the submission.
    await type(s, takeHome, 'changed afterwards')
    expect((await call('GET', `/api/loops/${loop.id}/stages/1/submission`, fragmentSecret(ivy!.link))).body).toMatchObject({ code: final })

    // The review opens for Ivy with the submitted code in its room.
    ada = await view(loop.id, loop.candidate.link)
    expect(ada.stages[0]).toMatchObject({ status: 'done', submission: { late: false } })
    const review = (await view(loop.id, ivy!.link)).stages[1]!
    expect(review).toMatchObject({ open: true, status: 'not-started', room: { role: 'interviewer' } })
    const reviewRoom = roomOf(review.room!.url)
    const probe = yjsClient(s.wsUrl, reviewRoom.id, { token: reviewRoom.secret })
    await probe.synced()
    expect(probe.text.toString()).toBe(final)
    // Olu does not interview the review: no seat in it.
    expect((await view(loop.id, olu!.link)).stages[1]!.room).toBeNull()

    // Ivy comments on the submission; the candidate sees nothing until she publishes.
    const comments = `/api/loops/${loop.id}/stages/2/comments`
    const comment = (link: string, body: unknown) => call('POST', comments, fragmentSecret(link), body)
    expect((await comment(ivy!.link, { startLine: 2, endLine: 2, kind: 'strength', text: COMMENT })).status).toBe(201)
    expect((await comment(ivy!.link, { startLine: 1, endLine: 3, kind: 'question', text: 'Why a function declaration?' })).status).toBe(201)
    const last = await comment(ivy!.link, { startLine: 3, endLine: 3, kind: 'concern', text: 'No tests for empty input.' })
    expect(last.body.comments.map((c: { startLine: number; currentLine: number }) => [c.startLine, c.currentLine])).toEqual([[1, 1], [2, 2], [3, 3]])
    expect((await comment(ivy!.link, { startLine: 3, endLine: 9, kind: 'note', text: 'x' })).body.message).toBe('The submission has 3 lines; lines 3–9 are not all in it.')
    expect((await comment(ivy!.link, { startLine: 3, endLine: 2, kind: 'note', text: 'x' })).status).toBe(400)
    expect((await comment(olu!.link, { startLine: 1, endLine: 1, kind: 'note', text: 'x' })).status).toBe(403)
    expect((await comment(loop.candidate.link, { startLine: 1, endLine: 1, kind: 'note', text: 'x' })).status).toBe(403)
    const adaSees = await call('GET', comments, fragmentSecret(loop.candidate.link))
    expect(adaSees.body).toEqual({ stage: 2, publishedAt: null, comments: [] })
    expect((await call('GET', comments, fragmentSecret(olu!.link))).body.comments).toHaveLength(3)
    const adaInReview = roomOf((await view(loop.id, loop.candidate.link)).stages[1]!.room!.url)
    const banner = await call('GET', `/api/rooms/${adaInReview.id}/loop`, adaInReview.secret)
    expect(banner.body.review).toEqual({ stage: 2, publishedAt: null, comments: [] })
    expect(JSON.stringify(banner.body)).not.toContain(COMMENT)
    expect((await call('GET', `/api/rooms/${reviewRoom.id}/loop`, reviewRoom.secret)).body.review.comments).toHaveLength(3)
    // Edited in the live review, the comments follow their lines.
    probe.text.insert(0, '// review notes\n// more\n')
    await waitFor(async () => (await call('GET', comments, fragmentSecret(ivy!.link))).body.comments[0].currentLine === 3, 'comments follow the edit')
    const published = await call('POST', `${comments}/publish`, fragmentSecret(ivy!.link))
    expect(published.body.comments.map((c: { currentLine: number }) => c.currentLine)).toEqual([3, 4, 5])
    const afterPublish = await call('GET', comments, fragmentSecret(loop.candidate.link))
    expect(afterPublish.body.publishedAt).not.toBeNull()
    expect(afterPublish.body.comments.map((c: { text: string }) => c.text)).toContain(COMMENT)
    // In the review room, the candidate's banner carries them too.
    const adaReview = roomOf((await view(loop.id, loop.candidate.link)).stages[1]!.room!.url)
    expect((await call('GET', `/api/rooms/${adaReview.id}/loop`, adaReview.secret)).body.review.comments).toHaveLength(3)

    // Ivy runs the review round to its end; the coding stage opens, with Olu as its interviewer.
    const ivyInReview = join(s, { id: reviewRoom.id, tokens: { interviewer: reviewRoom.secret } as Record<Role, string> }, 'interviewer', 'Ivy')
    await ivyInReview.waitEvent('staff:state')
    await ivyInReview.ok('clock:start', {})
    expect((await view(loop.id, loop.owner)).stages[1]!.status).toBe('in-progress')
    await ivyInReview.ok('note:add', { text: NOTE })
    await ivyInReview.ok('clock:end', {})
    const rubric = RUBRICS.coding.map((c) => c.id)
    await ivyInReview.ok('scorecard:save', {
      entries: Object.fromEntries(rubric.map((id, i) => [id, { score: (i === 0 ? 4 : 2) as 2 | 4, comment: `on ${id}` }])), summary: 'Solid take-home, thin tests.', submit: true,
    })
    const after = await view(loop.id, olu!.link)
    expect(after.stages.map((x) => x.status)).toEqual(['done', 'done', 'not-started', 'not-started'])
    expect(after.stages[2]).toMatchObject({ open: true, room: { role: 'interviewer' } })
    expect((await view(loop.id, loop.candidate.link)).stages[1]!.debrief).toMatch(/\/debrief\/1#token=/)
    expect((await view(loop.id, loop.candidate.link)).stages[1]!.question).toBeTruthy() // done: no longer a surprise

    // Decisions: the stage's interviewer only, once it is done.
    const decide = (link: string, n: number, body: unknown) => call('POST', `/api/loops/${loop.id}/stages/${n}/decision`, fragmentSecret(link), body)
    expect((await decide(olu!.link, 2, { advance: true, reason: 'x' })).status).toBe(403)
    expect((await decide(olu!.link, 3, { advance: true, reason: 'x' })).body).toMatchObject({ code: 'CONFLICT', message: "Finish the stage's round before deciding." })
    expect((await decide(ivy!.link, 2, { advance: true, reason: '' })).status).toBe(400)
    expect((await decide(ivy!.link, 2, { advance: true, reason: DECISION })).body).toMatchObject({ advance: true, by: 'Ivy' })

    // The packet: interviewers at once, the candidate once shared; private notes never in it.
    const packet = (link: string) => call('GET', `/api/loops/${loop.id}/packet`, fragmentSecret(link))
    expect((await packet(loop.candidate.link)).body).toMatchObject({ code: 'CONFLICT' })
    expect(JSON.stringify(await view(loop.id, loop.candidate.link))).not.toContain(DECISION)
    const forOlu = (await packet(olu!.link)).body as LoopPacket
    expect(forOlu.stages[0]).toMatchObject({ kind: 'take-home', submission: { late: false, lines: 3 } })
    expect(forOlu.stages[1]).toMatchObject({ status: 'done', summary: 'Solid take-home, thin tests.', decision: { advance: true, reason: DECISION } })
    expect(forOlu.decisions).toEqual({ advance: 1, not: 0, pending: 2 })
    expect(forOlu.criteria.map((c) => c.criterion)).toEqual(rubric)
    expect(forOlu.strengths.map((x) => x.label)).toEqual([RUBRICS.coding[0]!.label])
    expect(forOlu.gaps).toHaveLength(rubric.length - 1)
    expect((await call('POST', `/api/loops/${loop.id}/packet/share`, fragmentSecret(loop.candidate.link))).status).toBe(403)
    expect((await call('POST', `/api/loops/${loop.id}/packet/share`, fragmentSecret(ivy!.link))).status).toBe(204)
    const forAda = await packet(loop.candidate.link)
    expect(forAda.status).toBe(200)
    expect(forAda.body.stages[1].decision.reason).toBe(DECISION)
    for (const link of [loop.candidate.link, ivy!.link, olu!.link, loop.owner]) {
      expect(JSON.stringify((await packet(link)).body)).not.toContain(NOTE)
      expect(JSON.stringify(await view(loop.id, link))).not.toContain(NOTE)
    }

    // Closing: the owner only; afterwards stages that are not done stay closed.
    expect((await call('POST', `/api/loops/${loop.id}/close`, fragmentSecret(loop.candidate.link))).status).toBe(403)
    expect((await call('POST', `/api/loops/${loop.id}/close`, fragmentSecret(loop.owner))).status).toBe(204)
    const closed = await view(loop.id, loop.candidate.link)
    expect(closed.closedAt).not.toBeNull()
    expect(closed.stages[2]).toMatchObject({ open: false, waiting: 'The loop is closed.', room: null })
  })

  it('refuses bad plans, bad links and unknown stages with clear errors', async () => {
    const s = await startServer({ env: { ROOM_CREATE_MAX: '1000' } })
    const { create, call } = api(s)
    const bad = await call('POST', '/api/loops', undefined, { ...LOOP, stages: [{ kind: 'take-home-review', interviewer: 'Ivy' }] })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toContain('a take-home review comes after a take-home')
    const kind = await call('POST', '/api/loops', undefined, { ...LOOP, stages: [{ kind: 'behavioral', questionId: 'first-free-slot', interviewer: 'Ivy' }] })
    expect(kind.status).toBe(400)
    expect(kind.body.message).toMatch(/is a coding question; a behavioral stage needs a behavioral one/)
    expect((await call('POST', '/api/loops', undefined, { ...LOOP, stages: [{ kind: 'coding', questionId: 'no-such-question', interviewer: 'I' }] })).body.message).toContain('no such question')

    const a = await create()
    const b = await create()
    expect((await call('GET', `/api/loops/${a.id}`)).status).toBe(401)
    expect((await call('GET', `/api/loops/${a.id}`, 'x'.repeat(43))).status).toBe(403)
    expect((await call('GET', `/api/loops/${a.id}`, fragmentSecret(b.candidate.link))).status).toBe(403)
    expect((await call('GET', '/api/loops/nope', fragmentSecret(a.owner))).status).toBe(400)
    expect((await call('GET', `/api/loops/${a.id}/stages/9/submission`, fragmentSecret(a.owner))).status).toBe(400)
    expect((await call('GET', `/api/loops/${a.id}/stages/3/submission`, fragmentSecret(a.owner))).body.message).toBe('This loop has no take-home at that stage.')
  })

  it('a stage room knows its loop, and the candidate submits from the room', async () => {
    const s = await startServer()
    const { create, view, call } = api(s)
    const loop = await create()
    const takeHome = roomOf((await view(loop.id, loop.candidate.link)).stages[0]!.room!.url)
    const asRoom = (id: string, secret: string, method = 'GET', path = 'loop') => call(method, `/api/rooms/${id}/${path}`, secret)
    expect((await asRoom(takeHome.id, takeHome.secret)).body).toMatchObject({ loopId: loop.id, title: 'Backend loop', stage: 1, stages: 4, kind: 'take-home', submission: null, closed: false })
    expect((await asRoom(takeHome.id, 'x'.repeat(43))).status).toBe(401)
    const plain = await s.createRoom()
    expect((await asRoom(plain.id, plain.tokens.candidate)).body).toMatchObject({ code: 'NOT_FOUND', message: 'This room is not part of a loop.' })

    await type(s, `${s.url}/r/${takeHome.id}#token=${takeHome.secret}`, 'done in the room')
    const sub = await asRoom(takeHome.id, takeHome.secret, 'POST', 'loop/submit')
    expect(sub.status).toBe(201)
    expect(sub.body).toMatchObject({ stage: 1, code: 'done in the room' })
    expect((await asRoom(takeHome.id, takeHome.secret)).body.submission).toMatchObject({ late: false })
    // The review's interviewer cannot submit anything from the review room.
    const review = roomOf((await view(loop.id, loop.interviewers[0]!.link)).stages[1]!.room!.url)
    expect((await asRoom(review.id, review.secret, 'POST', 'loop/submit')).status).toBe(403)
  })

  it('counts a loop as the rooms it may make against the creation limit', async () => {
    const s = await startServer({ env: { ROOM_CREATE_MAX: '16' } })
    const { create, call } = api(s)
    await create()
    await create()
    const third = await call('POST', '/api/loops', undefined, LOOP)
    expect(third.status).toBe(429)
    expect(third.body).toMatchObject({ code: 'RATE_LIMITED' })
  })

  it('keeps take-home work and the loop across a restart', async () => {
    const s = await startServer({ keepData: true })
    onTestFinished(() => rmSync(s.dataDir, { recursive: true, force: true }))
    const loop = await api(s).create()
    const takeHome = (await api(s).view(loop.id, loop.candidate.link)).stages[0]!.room!.url
    const visit = join(s, { id: roomOf(takeHome).id, tokens: { candidate: roomOf(takeHome).secret } as Record<Role, string> }, 'candidate', 'Ada')
    await visit.waitEvent('interview:state')
    await type(s, takeHome, 'work from the first visit')
    visit.socket.disconnect()
    await s.app.collab.log.flush()
    await s.stop()
    const s2 = await startServer({ dataDir: s.dataDir })
    const again = await api(s2).view(loop.id, loop.candidate.link)
    expect(again.stages[0]!.status).toBe('in-progress')
    const sub = await api(s2).call('POST', `/api/loops/${loop.id}/stages/1/submit`, fragmentSecret(loop.candidate.link))
    expect(sub.body).toMatchObject({ code: 'work from the first visit' })
  })
})

describe('review comments on ranges', () => {
  it('anchor to ranges of the submission or of a selection in the room, follow edits, and reach the room live once published', async () => {
    const s = await startServer()
    const { create, view, call } = api(s)
    const loop = await create({ ...LOOP, stages: LOOP.stages.slice(0, 2) })
    const ivy = loop.interviewers[0]!
    const takeHome = (await view(loop.id, loop.candidate.link)).stages[0]!.room!.url
    const code = 'function firstFreeSlot(busy) {\n  const sorted = busy.sort()\n  return sorted[0]\n}\n'
    await type(s, takeHome, code)
    expect((await call('POST', `/api/loops/${loop.id}/stages/1/submit`, fragmentSecret(loop.candidate.link))).status).toBe(201)
    const ivyRoom = roomOf((await view(loop.id, ivy.link)).stages[1]!.room!.url)
    const adaRoom = roomOf((await view(loop.id, loop.candidate.link)).stages[1]!.room!.url)
    const ivyLive = join(s, { id: ivyRoom.id, tokens: { interviewer: ivyRoom.secret } as Record<Role, string> }, 'interviewer', 'Ivy')
    const adaLive = join(s, { id: adaRoom.id, tokens: { candidate: adaRoom.secret } as Record<Role, string> }, 'candidate', 'Ada')
    await Promise.all([ivyLive.waitEvent('interview:state'), adaLive.waitEvent('interview:state')])
    onTestFinished(() => { ivyLive.socket.disconnect(); adaLive.socket.disconnect() })

    const comments = `/api/loops/${loop.id}/stages/2/comments`
    const comment = (body: unknown) => call('POST', comments, fragmentSecret(ivy.link), body)
    type Sent = { text: string; current: unknown; currentLine: number | null; quote: string; anchor: unknown }
    const find = (body: { comments: Sent[] }, text: string) => body.comments.find((c) => c.text === text)!

    // On columns of the submission: `busy.sort()` on line 2.
    const sortAt = '  const sorted = '.length + 1
    const onSort = await comment({ startLine: 2, startColumn: sortAt, endLine: 2, endColumn: sortAt + 'busy.sort()'.length, kind: 'concern', text: 'sort() mutates busy' })
    expect(onSort.status, JSON.stringify(onSort.body)).toBe(201)
    expect(find(onSort.body, 'sort() mutates busy')).toMatchObject({ startLine: 2, endLine: 2, currentLine: 2, quote: 'busy.sort()', current: { startLine: 2, startColumn: sortAt, endLine: 2, endColumn: sortAt + 11 } })
    expect(find(onSort.body, 'sort() mutates busy').anchor).toMatchObject({ start: expect.any(String), end: expect.any(String) })
    // Whole lines, as before ranges: from the first line's start to the last line's end.
    const whole = await comment({ startLine: 3, endLine: 4, kind: 'question', text: 'What if busy is empty?' })
    expect(find(whole.body, 'What if busy is empty?')).toMatchObject({ quote: '  return sorted[0]\n}', current: { startLine: 3, startColumn: 1, endLine: 4, endColumn: 2 } })
    // The interviewer's sockets hear of each change at once; the candidate's hear nothing before publishing.
    await ivyLive.waitEvent('loop:review-changed', (e) => e.stage === 2)
    expect(adaLive.count('loop:review-changed')).toBe(0)

    // On a selection in the review room's live code, anchored by the client's relative positions.
    const editor = yjsClient(s.wsUrl, ivyRoom.id, { token: ivyRoom.secret })
    onTestFinished(() => editor.provider.destroy())
    await editor.synced()
    const rel = (index: number, assoc: number) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(editor.text, index, assoc))).toString('base64')
    const select = (from: number, to: number) => ({ start: rel(from, 0), end: rel(to, -1) })
    const name = editor.text.toString().indexOf('firstFreeSlot')
    // From the room itself, with the room's interviewer invite (the candidate's may not write).
    const fromRoom = (secret: string, body: unknown) => call('POST', `/api/rooms/${ivyRoom.id}/loop/comments`, secret, body)
    expect((await fromRoom(adaRoom.secret, { anchor: select(name, name + 3), kind: 'note', text: 'x' })).status).toBe(403)
    const onName = await fromRoom(ivyRoom.secret, { anchor: select(name, name + 'firstFreeSlot'.length), kind: 'strength', text: 'Clear name' })
    expect(onName.status, JSON.stringify(onName.body)).toBe(201)
    expect(find(onName.body, 'Clear name')).toMatchObject({ by: 'Ivy', quote: 'firstFreeSlot', current: { startLine: 1, startColumn: 10, endLine: 1, endColumn: 23 } })

    // Edits in the live review: text above and inside a range moves and grows it; deleting all of one makes it say so.
    editor.text.insert(0, '// reviewed\n')
    const sorted = editor.text.toString().indexOf('busy.sort()')
    editor.text.insert(sorted + 'busy.'.length, 'slice().')
    const ret = editor.text.toString().indexOf('  return sorted[0]\n}')
    editor.text.delete(ret, '  return sorted[0]\n}'.length)
    const now = await waitFor(async () => {
      const r = await call('GET', comments, fragmentSecret(ivy.link))
      return find(r.body, 'What if busy is empty?').current === null && r.body
    }, 'the deletion reaches the server')
    expect(find(now, 'sort() mutates busy')).toMatchObject({ currentLine: 3, current: { startLine: 3, startColumn: sortAt, endLine: 3, endColumn: sortAt + 'busy.slice().sort()'.length } })
    expect(find(now, 'Clear name')).toMatchObject({ currentLine: 2, current: { startLine: 2, startColumn: 10 } })
    expect(find(now, 'What if busy is empty?')).toMatchObject({ currentLine: null, current: null, quote: '  return sorted[0]\n}' })

    // Bad input: clear 400s that say what is wrong, and nothing stored.
    const bad = async (body: unknown, message: string) => {
      const r = await comment(body)
      expect(r.status, JSON.stringify(r.body)).toBe(400)
      expect(r.body.message).toContain(message)
    }
    await bad({ startLine: 2, startColumn: 1, endLine: 2, endColumn: 99, kind: 'note', text: 'x' }, 'Line 2 of the submission has no column 99.')
    await bad({ startLine: 2, startColumn: 1, endLine: 9, endColumn: 1, kind: 'note', text: 'x' }, 'The submission has 4 lines')
    await bad({ startLine: 2, startColumn: 8, endLine: 2, endColumn: 3, kind: 'note', text: 'x' }, 'The range ends before it starts')
    await bad({ startLine: 3, endLine: 2, kind: 'note', text: 'x' }, 'The last line comes after the first.')
    await bad({ startLine: 2, startColumn: 3, endLine: 2, kind: 'note', text: 'x' }, 'Give both columns')
    await bad({ startLine: 1, endLine: 1, kind: 'note', text: 'x'.repeat(2_001) }, 'A comment is at most 2000 characters.')
    await bad({ startLine: 1, endLine: 1, anchor: select(0, 3), kind: 'note', text: 'x' }, 'not both')
    await bad({ kind: 'note', text: 'x' }, 'Say which lines')
    const at = editor.text.toString().indexOf('function')
    await bad({ anchor: select(at + 5, at), kind: 'note', text: 'x' }, 'ends before it starts')
    await bad({ anchor: { start: 'AAAA', end: 'AAAA' }, kind: 'note', text: 'x' }, 'is not in the review room')
    await bad({ anchor: { start: 'x'.repeat(200), end: 'AAAA' }, kind: 'note', text: 'x' }, 'An anchor is at most')
    const gone = select(at, at + 3)
    editor.text.delete(at, 3)
    await waitFor(async () => (await comment({ anchor: gone, kind: 'note', text: 'x' })).body.message?.includes('was deleted meanwhile'), 'a selection of deleted text is refused')
    expect((await call('GET', comments, fragmentSecret(ivy.link))).body.comments).toHaveLength(3)

    // Publishing tells everyone in the room; the candidate then reads the ranges with her own invite.
    expect(adaLive.count('loop:review-changed')).toBe(0)
    expect((await call('POST', `/api/rooms/${adaRoom.id}/loop/comments/publish`, adaRoom.secret)).status).toBe(403)
    expect(adaLive.count('loop:review-changed')).toBe(0)
    expect((await call('POST', `/api/rooms/${ivyRoom.id}/loop/comments/publish`, ivyRoom.secret)).status).toBe(200)
    await adaLive.waitEvent('loop:review-changed', (e) => e.stage === 2)
    const banner = await call('GET', `/api/rooms/${adaRoom.id}/loop`, adaRoom.secret)
    expect(banner.body.review.comments.map((c: Sent) => [c.text, c.currentLine])).toEqual([['Clear name', 2], ['sort() mutates busy', 3], ['What if busy is empty?', null]])
  })
})
