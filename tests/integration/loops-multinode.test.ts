import { describe, expect, it } from 'vitest'
import type { AssignLoopsResult, CreateLoopResponse, LoopView, ReviewComments, RoomState, StudentLoops, TakeHomeSubmission } from '@nudge/shared'
import { startCluster } from '../utils/scale.ts'
import { roomSocket, yjsClient } from '../utils/clients.ts'
import { nextEvent, waitFor } from '../utils/wait.ts'
import { ADMIN_TOKEN, createCohort, fragmentSecret } from '../utils/cohorts.ts'

type Node = { url: string; wsUrl: string }

const call = async <T>(node: Node, method: string, path: string, link?: string, body?: unknown) => {
  const res = await fetch(`${node.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(link ? { authorization: `Bearer ${fragmentSecret(link)}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T }
}
const roomOf = (url: string) => ({ id: new URL(url).pathname.split('/')[2]!, secret: fragmentSecret(url) })

/** Loops in scaled mode: two nodes on PostgreSQL + Redis; each person's requests land on either. */
describe('loops in scaled mode', () => {
  it('a take-home written and submitted on node A is reviewed on node B; the candidate on A sees the published comments; both nodes give one packet', { timeout: 150_000 }, async () => {
    // Two processes starting on a loaded 2-core machine can take ~30 s.
    const { nodes: [a, b] } = await startCluster(2, { ADMIN_TOKEN })
    const created = await call<CreateLoopResponse>(a!, 'POST', '/api/loops', undefined, {
      title: 'Scaled loop', candidate: 'Ada',
      stages: [{ kind: 'take-home', questionId: 'first-free-slot', deadlineHours: 24 }, { kind: 'take-home-review', interviewer: 'Ivy' }],
    })
    expect(created.status).toBe(201)
    const loop = created.body
    const ivy = loop.interviewers[0]!.link

    // The candidate works on node A: the take-home room's document, through node A's sync endpoint.
    const view = await call<LoopView>(a!, 'GET', `/api/loops/${loop.id}`, loop.candidate.link)
    const takeHome = roomOf(view.body.stages[0]!.room!.url)
    const code = 'function firstFreeSlot(busy) {\n  return busy.length // written on node A\n}\n'
    const writer = yjsClient(a!.wsUrl, takeHome.id, { token: takeHome.secret })
    await writer.synced()
    writer.text.delete(0, writer.text.length)
    writer.text.insert(0, code)
    // Node B reads the same document (from the shared store and Redis) before the submission.
    const reader = yjsClient(b!.wsUrl, takeHome.id, { token: takeHome.secret })
    await waitFor(async () => (await reader.synced(), reader.text.toString() === code), 'node B has the edit', 20_000)
    writer.provider.destroy()
    reader.provider.destroy()
    const sub = await call<TakeHomeSubmission>(a!, 'POST', `/api/loops/${loop.id}/stages/1/submit`, loop.candidate.link)
    expect(sub.status).toBe(201)
    expect(sub.body.code).toBe(code)

    // The reviewer on node B: the frozen submission, the review open, comments, publishing.
    expect((await call<TakeHomeSubmission>(b!, 'GET', `/api/loops/${loop.id}/stages/1/submission`, ivy)).body).toEqual(sub.body)
    const review = (await call<LoopView>(b!, 'GET', `/api/loops/${loop.id}`, ivy)).body.stages[1]!
    expect(review).toMatchObject({ open: true, room: { role: 'interviewer' } })
    const comments = `/api/loops/${loop.id}/stages/2/comments`
    expect((await call(b!, 'POST', comments, ivy, { startLine: 2, endLine: 2, kind: 'concern', text: 'What if busy is unsorted?' })).status).toBe(201)
    expect((await call<ReviewComments>(a!, 'GET', comments, loop.candidate.link)).body.comments).toEqual([])
    expect((await call(b!, 'POST', `${comments}/publish`, ivy)).status).toBe(200)

    // The candidate on node A sees them, anchored to the line, and joins the review room there.
    const seen = (await call<ReviewComments>(a!, 'GET', comments, loop.candidate.link)).body
    expect(seen.publishedAt).not.toBeNull()
    expect(seen.comments.map((c) => [c.text, c.by, c.startLine, c.currentLine])).toEqual([['What if busy is unsorted?', 'Ivy', 2, 2]])
    const candidateReview = (await call<LoopView>(a!, 'GET', `/api/loops/${loop.id}`, loop.candidate.link)).body.stages[1]!.room!.url
    const socket = roomSocket(a!.url, roomOf(candidateReview).id, roomOf(candidateReview).secret, 'Ada')
    expect((await nextEvent<RoomState>(socket, 'room:state', 20_000)).loop).toEqual({ loopId: loop.id, stage: 2, kind: 'take-home-review' })
    socket.disconnect()
    const banner = await call<{ review: ReviewComments }>(a!, 'GET', `/api/rooms/${roomOf(candidateReview).id}/loop`, candidateReview)
    expect(banner.body.review.comments.map((c) => c.text)).toEqual(['What if busy is unsorted?'])

    // One packet, whichever node answers.
    const packetA = await call(a!, 'GET', `/api/loops/${loop.id}/packet`, loop.owner)
    const packetB = await call(b!, 'GET', `/api/loops/${loop.id}/packet`, loop.owner)
    expect(packetA.status).toBe(200)
    expect(packetB.body).toEqual(packetA.body)
  })

  it('an organizer assigns loops through node B; a student finds their own loop through node A', { timeout: 150_000 }, async () => {
    const { nodes: [a, b] } = await startCluster(2, { ADMIN_TOKEN })
    const cohort = await createCohort(a!.url, 'Scaled loops')
    const { students } = await cohort.importCsv('name\nAda\nBao\n')
    const plan = { title: 'Cohort loop', stages: [{ kind: 'coding', interviewer: 'Maya' }] }
    const made = await fetch(`${b!.url}/api/cohorts/${cohort.id}/loops`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${cohort.key}` }, body: JSON.stringify({ plan }),
    })
    expect(made.status).toBe(201)
    const { loops } = (await made.json()) as AssignLoopsResult
    expect(loops.map((l) => l.student.name).sort()).toEqual(['Ada', 'Bao'])
    const mine = await call<StudentLoops>(a!, 'GET', `/api/cohorts/${cohort.id}/me/loops`, students[0]!.link)
    expect(mine.body.loops.map((l) => l.loopId)).toEqual([loops.find((l) => l.student.id === students[0]!.id)!.loopId])
    expect((await call<LoopView>(a!, 'GET', `/api/loops/${mine.body.loops[0]!.loopId}`, mine.body.loops[0]!.link)).body.viewer).toEqual({ role: 'candidate', name: 'Ada' })
  })
})
