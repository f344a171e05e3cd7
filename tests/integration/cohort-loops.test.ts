import { describe, expect, it } from 'vitest'
import { COHORT_LOOP_LIMITS, type AssignLoopsResult, type CohortLoops, type LoopView, type RoomState, type StudentLoops } from '@nudge/shared'
import { startServer, type TestServer } from '../utils/server.ts'
import { roomSocket } from '../utils/clients.ts'
import { nextEvent } from '../utils/wait.ts'
import { ADMIN_TOKEN, createCohort, fragmentSecret } from '../utils/cohorts.ts'

const PLAN = {
  title: 'Backend loop',
  target: 'Acme',
  stages: [
    { kind: 'take-home', questionId: 'first-free-slot', deadlineHours: 72 },
    { kind: 'take-home-review', interviewer: 'Maya' },
    { kind: 'coding', questionId: 'activity-streak', interviewer: 'Olu' },
    { kind: 'behavioral', interviewer: 'Maya' },
  ],
}

const get = async <T>(s: TestServer, path: string, secret?: string) => {
  const res = await fetch(`${s.url}${path}`, { headers: secret ? { authorization: `Bearer ${secret}` } : {} })
  return { status: res.status, body: (await res.json()) as T & { code?: string; message?: string } }
}
const post = async <T>(s: TestServer, path: string, secret: string | undefined, body: unknown) => {
  const res = await fetch(`${s.url}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}) }, body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as T & { code?: string; message?: string } }
}

/** The room:state a joiner receives, with the room's id and invite secret from a room URL. */
async function joinState(s: TestServer, roomUrl: string, name: string): Promise<RoomState> {
  const socket = roomSocket(s.url, new URL(roomUrl).pathname.split('/').pop()!, fragmentSecret(roomUrl), name)
  try {
    return await nextEvent<RoomState>(socket, 'room:state')
  } finally {
    socket.disconnect()
  }
}

describe('a cohort organizer assigns loops', () => {
  it('each chosen student gets their own loop; students see only their link; the organizer sees every loop and packet', async () => {
    const s = await startServer({ env: { ADMIN_TOKEN } })
    const cohort = await createCohort(s.url, 'Loops cohort')
    const other = await createCohort(s.url, 'Another')
    const { students } = await cohort.importCsv('name\nAda\nBao\nCleo\n')
    const [ada, bao, cleo] = students
    const path = `/api/cohorts/${cohort.id}/loops`

    // Only this cohort's organizer assigns: no secret, another cohort's organizer, a student.
    expect((await post(s, path, undefined, { plan: PLAN })).status).toBe(401)
    expect((await post(s, path, other.key, { plan: PLAN })).status).toBe(403)
    expect((await post(s, path, fragmentSecret(ada!.link), { plan: PLAN })).status).toBe(403)
    expect((await get(s, path, fragmentSecret(ada!.link))).status).toBe(403)
    // The plan is checked like /loops/new, and students must be on the roster.
    const bad = await post(s, path, cohort.key, { plan: { ...PLAN, stages: [{ kind: 'take-home', questionId: 'first-free-slot' }] } })
    expect(bad).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } })
    expect(bad.body.message).toContain('Stage 1: a take-home needs a deadline')
    expect((await post(s, path, cohort.key, { plan: PLAN, students: [other.id.slice(0, 12)] })).body.message).toMatch(/Not on the roster/)
    expect((await get<CohortLoops>(s, path, cohort.key)).body.loops).toEqual([])

    const made = await post<AssignLoopsResult>(s, path, cohort.key, { plan: PLAN, students: [ada!.id, bao!.id] })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    expect(made.body.created).toBe(2)
    expect(made.body.remaining).toBe(COHORT_LOOP_LIMITS.loopsPerCohort - 2)
    // In roster order, each with its stages' states.
    expect(made.body.loops.map((l) => [l.student.name, l.title, l.stages.map((x) => `${x.kind}:${x.status}`).join(' ')])).toEqual([
      ['Ada', 'Backend loop', 'take-home:not-started take-home-review:not-started coding:not-started behavioral:not-started'],
      ['Bao', 'Backend loop', 'take-home:not-started take-home-review:not-started coding:not-started behavioral:not-started'],
    ])
    const adaLoop = made.body.loops.find((l) => l.student.id === ada!.id)!
    const baoLoop = made.body.loops.find((l) => l.student.id === bao!.id)!

    // Each student sees their own candidate link, nothing else; Cleo was not chosen.
    const mine = (await get<StudentLoops>(s, `/api/cohorts/${cohort.id}/me/loops`, fragmentSecret(ada!.link))).body
    expect(mine.loops.map((l) => [l.loopId, l.title])).toEqual([[adaLoop.loopId, 'Backend loop']])
    expect(JSON.stringify(mine)).not.toContain(baoLoop.loopId)
    expect((await get<StudentLoops>(s, `/api/cohorts/${cohort.id}/me/loops`, fragmentSecret(cleo!.link))).body.loops).toEqual([])
    expect((await get(s, `/api/cohorts/${other.id}/me/loops`, fragmentSecret(ada!.link))).status).toBe(403)
    const asAda = await get<LoopView>(s, `/api/loops/${adaLoop.loopId}`, fragmentSecret(mine.loops[0]!.link))
    expect(asAda.body.viewer).toEqual({ role: 'candidate', name: 'Ada' })
    expect(asAda.body.links).toBeNull()
    // Ada's link opens no other loop.
    expect((await get(s, `/api/loops/${baoLoop.loopId}`, fragmentSecret(mine.loops[0]!.link))).status).toBe(403)

    // The organizer is each loop's owner: every link, and the packet.
    const asOwner = await get<LoopView>(s, `/api/loops/${adaLoop.loopId}`, fragmentSecret(adaLoop.ownerUrl))
    expect(asOwner.body.viewer.role).toBe('owner')
    expect(asOwner.body.links?.interviewers.map((i) => i.name)).toEqual(['Maya', 'Olu'])
    const packet = await get<{ loop: { candidate: string }; stages: unknown[] }>(s, `/api/loops/${adaLoop.loopId}/packet`, fragmentSecret(adaLoop.ownerUrl))
    expect(packet.status).toBe(200)
    expect(packet.body.loop.candidate).toBe('Ada')
    expect(packet.body.stages).toHaveLength(4)
    // The owner link of one loop is not the owner of another.
    expect((await get(s, `/api/loops/${baoLoop.loopId}`, fragmentSecret(adaLoop.ownerUrl))).status).toBe(403)

    // Ada works and submits; the organizer's list shows her take-home done and the review open.
    const takeHome = asAda.body.stages[0]!.room!.url
    expect(await joinState(s, takeHome, 'Ada')).toMatchObject({ loop: { loopId: adaLoop.loopId, stage: 1, kind: 'take-home' } })
    expect((await post(s, `/api/loops/${adaLoop.loopId}/stages/1/submit`, fragmentSecret(mine.loops[0]!.link), {})).status).toBe(201)
    const after = (await get<CohortLoops>(s, path, cohort.key)).body.loops.find((l) => l.loopId === adaLoop.loopId)!
    expect(after.stages.map((x) => x.status)).toEqual(['done', 'not-started', 'not-started', 'not-started'])
    expect(after.stages.map((x) => x.interviewer)).toEqual([null, 'Maya', 'Olu', 'Maya'])
  })

  it('a whole cohort of 40 gets its loops in one action, past the per-address room limit; the cohort bound refuses clearly', async () => {
    const s = await startServer({ env: { ADMIN_TOKEN } })
    const cohort = await createCohort(s.url, 'Forty')
    await cohort.importCsv(`name\n${Array.from({ length: 40 }, (_, i) => `Student ${i + 1}`).join('\n')}\n`)
    const path = `/api/cohorts/${cohort.id}/loops`
    // Anonymous loop creation from this address is limited to a few a minute (8 rooms each)...
    const anon = { ...PLAN, candidate: 'Someone' }
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await post(s, '/api/loops', undefined, anon)).status)
    expect(statuses).toContain(429)
    // ...the organizer's assignment counts against the cohort's quota instead.
    const t0 = performance.now()
    const made = await post<AssignLoopsResult>(s, path, cohort.key, { plan: PLAN })
    // The figure in docs/cohorts.md ("Loops"): 40 loops, 120 rooms (a review's room comes later).
    console.log(`assigning loops to 40 students: ${Math.round(performance.now() - t0)} ms`)
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    expect(made.body.created).toBe(40)
    expect(new Set(made.body.loops.map((l) => l.student.id)).size).toBe(40)
    const t1 = performance.now()
    expect((await get<CohortLoops>(s, path, cohort.key)).body.loops).toHaveLength(40)
    console.log(`listing 40 loops with their stages' states: ${Math.round(performance.now() - t1)} ms`)

    // Fill the cohort's quota to one short of the bound: an assignment of 40 more is refused whole.
    const held = (await s.app.store.listCohortLoops(cohort.id)).length
    const filler = Array.from({ length: COHORT_LOOP_LIMITS.loopsPerCohort - 1 - held }, (_, i) => ({
      cohortId: cohort.id, studentId: 'filler', loopId: `filler${String(i).padStart(6, '0')}`, createdAt: 1,
    }))
    expect(await s.app.store.addCohortLoops(cohort.id, filler, COHORT_LOOP_LIMITS.loopsPerCohort)).toBe(true)
    const refused = await post(s, path, cohort.key, { plan: PLAN })
    expect(refused.status).toBe(413)
    expect(refused.body.message).toBe(`A cohort holds at most ${COHORT_LOOP_LIMITS.loopsPerCohort} loops; it has ${COHORT_LOOP_LIMITS.loopsPerCohort - 1}, and this would add 40. Nothing was created.`)
    expect((await s.app.store.listCohortLoops(cohort.id)).length).toBe(COHORT_LOOP_LIMITS.loopsPerCohort - 1)
  })

  it('a room says in its join payload whether it is a loop stage, so other rooms never ask for a banner', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const socket = roomSocket(s.url, room.id, room.tokens.candidate, 'Ada')
    expect((await nextEvent<RoomState>(socket, 'room:state')).loop).toBeNull()
    socket.disconnect()
    const created = await post<{ id: string; candidate: { link: string } }>(s, '/api/loops', undefined, { ...PLAN, candidate: 'Ada' })
    const view = await get<LoopView>(s, `/api/loops/${created.body.id}`, fragmentSecret(created.body.candidate.link))
    expect(view.body.stages[0]!.room!.role).toBe('candidate')
    expect((await joinState(s, view.body.stages[0]!.room!.url, 'Ada')).loop).toEqual({ loopId: created.body.id, stage: 1, kind: 'take-home' })
  })
})
