import { describe, expect, it } from 'vitest'
import type { ClarifyItem, ClockState, InterviewState, SentHint, StaffState } from '@nudge/shared'
import { EMPTY_VIEW, applyEvent, describeClockChange, type InterviewView } from './interviewState.ts'

const MIN = 60_000
const stamp = { phaseIndex: 0, phaseId: 'intro', phaseLabel: 'Intro', elapsedMs: 0, phaseElapsedMs: 0, status: 'running' as const }

function clock(over: Partial<ClockState> = {}): ClockState {
  return {
    status: 'idle',
    phases: [
      { id: 'intro', kind: 'intro', label: 'Intro', plannedMs: 5 * MIN },
      { id: 'code', kind: 'code', label: 'Code', plannedMs: 25 * MIN },
    ],
    runs: [0, 1].map(() => ({ elapsedMs: 0, extendedMs: 0, startedAt: null, endedAt: null })),
    phaseIndex: 0, runningSince: null, startedAt: null, pausedAt: null, endedAt: null, version: 0,
    ...over,
  }
}

function state(role: InterviewState['role'], n = 1): InterviewState {
  const round = { n, kind: 'coding' as const, startedAt: 0, endedAt: null, question: null }
  return { role, round, rounds: [round], clock: clock(), serverNow: 0, question: null, hints: [], clarifications: [], selfAssessment: null, sharedScorecard: null, behavioral: null }
}

const staff = (round = 1): StaffState => ({
  round, question: null, notes: [], stuck: [], scorecard: null, selfAssessment: null, customQuestions: [], usedQuestionIds: [],
})

const hint = (id: string, round = 1): SentHint => ({ id, round, tier: null, edited: false, text: `try ${id}`, anchor: null, sentAt: 1, stamp, by: 'Ivy' })
const item = (id: string, over: Partial<ClarifyItem> = {}): ClarifyItem => ({
  id, round: 1, question: 'Sorted?', askedAt: 1, askedBy: 'Ada', stamp, answer: null, answeredAt: null, answeredBy: null, pinned: false, ...over,
})

function view(role: InterviewState['role']): InterviewView {
  let v = applyEvent(EMPTY_VIEW, { name: 'interview:state', arg: state(role) })
  if (role === 'interviewer') v = applyEvent(v, { name: 'staff:state', arg: staff() })
  return v
}

describe('interview view reducer', () => {
  it('applies clock updates in version order and says what changed', () => {
    let v = view('candidate')
    const started = clock({ status: 'running', version: 1, runningSince: 0, startedAt: 0 })
    v = applyEvent(v, { name: 'clock:updated', arg: { round: 1, clock: started, serverNow: 0 } })
    expect(v.state!.clock.version).toBe(1)
    expect(v.announcement!.text).toBe('Clock started. Phase: Intro, 5 min.')
    const next = clock({ status: 'running', version: 2, phaseIndex: 1, runningSince: 5 })
    v = applyEvent(v, { name: 'clock:updated', arg: { round: 1, clock: next, serverNow: 5 } })
    expect(v.announcement).toMatchObject({ seq: 2, text: 'Next phase: Code, 25 min.' })
    // A late, older update (another node, a slow path) changes nothing.
    const stale = applyEvent(v, { name: 'clock:updated', arg: { round: 1, clock: started, serverNow: 0 } })
    expect(stale).toBe(v)
    // Another round's clock neither.
    expect(applyEvent(v, { name: 'clock:updated', arg: { round: 2, clock: clock({ version: 9 }), serverNow: 0 } })).toBe(v)
  })

  it('says the picked question together with the new plan, so neither is lost', () => {
    let v = view('candidate')
    const question = { id: 'q1', title: 'Rolling median', kind: 'coding' as const, difficulty: 'hard' as const, tags: [], statement: 's', durationMinutes: 45, examples: [], constraints: [], starter: {} }
    v = applyEvent(v, { name: 'question:picked', arg: { round: 1, question } as never })
    expect(v.announcement!.text).toBe('Question: Rolling median.')
    const plan = clock({ version: 1, phases: [{ id: 'code', kind: 'code', label: 'Code', plannedMs: 45 * MIN }], runs: [{ elapsedMs: 0, extendedMs: 0, startedAt: null, endedAt: null }] })
    v = applyEvent(v, { name: 'clock:updated', arg: { round: 1, clock: plan, serverNow: 0 } })
    expect(v.announcement!.text).toBe('Question: Rolling median. Plan updated: 1 phases, 45 min.')
  })

  it('announces warnings for the current phase only, and clears them when the phase moves on', () => {
    let v = view('observer')
    v = applyEvent(v, { name: 'clock:updated', arg: { round: 1, clock: clock({ status: 'running', version: 1, runningSince: 0 }), serverNow: 0 } })
    const w = { round: 1, phaseIndex: 0, phaseId: 'intro', phaseLabel: 'Intro', secondsLeft: 120, serverNow: 0 }
    v = applyEvent(v, { name: 'clock:warning', arg: w })
    expect(v.warning).toEqual(w)
    expect(v.announcement!.text).toBe('2 minutes left in Intro.')
    expect(applyEvent(v, { name: 'clock:warning', arg: { ...w, phaseIndex: 1 } })).toBe(v)
    expect(applyEvent(v, { name: 'clock:warning', arg: { ...w, secondsLeft: 0 } }).announcement!.text).toBe('Time is up for Intro.')
    v = applyEvent(v, { name: 'clock:updated', arg: { round: 1, clock: clock({ status: 'running', version: 2, phaseIndex: 1, runningSince: 1 }), serverNow: 1 } })
    expect(v.warning).toBeNull()
  })

  it('adds each hint once, counts unread ones for the candidate and announces them', () => {
    let v = view('candidate')
    v = applyEvent(v, { name: 'hint:sent', arg: hint('h1') })
    v = applyEvent(v, { name: 'hint:sent', arg: hint('h1') })
    expect(v.state!.hints.map((h) => h.id)).toEqual(['h1'])
    expect(v.unreadHints).toBe(1)
    expect(v.announcement!.text).toBe('New hint: try h1')
    const mine = applyEvent(view('interviewer'), { name: 'hint:sent', arg: hint('h2') })
    expect(mine.unreadHints).toBe(0)
    expect(mine.announcement!.text).toBe('Hint sent.')
  })

  it('alerts and announces stuck signals raised while the interviewer was offline, once (#14.8)', () => {
    const missed = { id: 'st9', round: 1, at: 1, stamp, by: 'Ada', delivered: false }
    const back = applyEvent(view('interviewer'), { name: 'staff:state', arg: { ...staff(), stuck: [missed] } })
    expect(back.stuckAlerts).toEqual(['st9'])
    expect(back.announcement!.text).toBe('While you were away, Ada pressed “I’m stuck”.')
    const again = applyEvent(back, { name: 'staff:state', arg: { ...staff(), stuck: [missed] } })
    expect(again.stuckAlerts).toEqual(['st9'])
    const seen = applyEvent(view('interviewer'), { name: 'staff:state', arg: { ...staff(), stuck: [{ ...missed, delivered: true }] } })
    expect(seen.stuckAlerts).toEqual([])
  })

  it('keeps stuck signals and notes in the interviewer’s private view only', () => {
    const signal = { id: 'st1', round: 1, at: 1, stamp, by: 'Ada', delivered: true }
    const iv = applyEvent(view('interviewer'), { name: 'stuck:raised', arg: signal })
    expect(iv.staff!.stuck).toEqual([signal])
    expect(iv.stuckAlerts).toEqual(['st1'])
    expect(iv.announcement!.text).toBe('Ada pressed “I’m stuck”.')
    // Someone without a staff view (a stray event) gets nothing.
    expect(applyEvent(view('candidate'), { name: 'stuck:raised', arg: signal }).staff).toBeNull()
    const note = { id: 'n1', round: 1, text: 'good', at: 1, stamp, by: 'Ivy' }
    expect(applyEvent(iv, { name: 'note:added', arg: note }).staff!.notes).toEqual([note])
    // A staff state for a candidate is not shown…
    expect(applyEvent(view('candidate'), { name: 'staff:state', arg: staff() }).staff).toBeNull()
    // …unless the round state making them the interviewer follows (snapshots come in any order).
    let early = applyEvent(EMPTY_VIEW, { name: 'staff:state', arg: staff() })
    early = applyEvent(early, { name: 'interview:state', arg: state('interviewer') })
    expect(early.staff).toEqual(staff())
    const stale = applyEvent(view('interviewer'), { name: 'interview:state', arg: state('interviewer', 2) })
    expect(applyEvent(stale, { name: 'staff:state', arg: staff(1) }).staff).toBeNull()
  })

  it('upserts clarifying questions and words each change for the other side', () => {
    let v = view('interviewer')
    v = applyEvent(v, { name: 'clarify:asked', arg: item('c1') })
    expect(v.announcement!.text).toBe('New clarifying question: Sorted?')
    let cand = applyEvent(view('candidate'), { name: 'clarify:asked', arg: item('c1') })
    cand = applyEvent(cand, { name: 'clarify:answered', arg: item('c1', { answer: 'No.', answeredAt: 2 }) })
    expect(cand.announcement!.text).toBe('Answer to “Sorted?”: No.')
    cand = applyEvent(cand, { name: 'clarify:pinned', arg: item('c1', { answer: 'No.', answeredAt: 2, pinned: true }) })
    expect(cand.state!.clarifications).toHaveLength(1)
    expect(cand.state!.clarifications[0]!.pinned).toBe(true)
    expect(cand.announcement!.text).toBe('Pinned as an assumption: Sorted?')
  })

  it('starts a new round clean after a swap, and drops the staff view of a former interviewer', () => {
    let v = applyEvent(view('interviewer'), { name: 'hint:sent', arg: hint('h1') })
    v = applyEvent(v, { name: 'round:started', arg: { n: 2, kind: 'coding', startedAt: 9, endedAt: null, question: null } })
    expect(v.state!.round.n).toBe(2)
    expect(v.state!.hints).toEqual([])
    expect(v.state!.rounds.map((r) => r.n)).toEqual([1, 2])
    expect(v.staff).toBeNull()
    v = applyEvent(v, { name: 'role:changed', arg: { role: 'candidate', round: 2 } })
    expect(v.announcement!.text).toBe('Roles swapped: you are now the candidate.')
    // Late events of round 1 are ignored.
    expect(applyEvent(v, { name: 'hint:sent', arg: hint('late', 1) })).toBe(v)
    v = applyEvent(v, { name: 'interview:state', arg: { ...state('candidate', 2), rounds: v.state!.rounds } })
    expect(v.state!.role).toBe('candidate')
  })

  it('describes plan edits and extensions', () => {
    const before = clock({ status: 'running', version: 3, runningSince: 0 })
    const extended = { ...before, version: 4, runs: [{ ...before.runs[0]!, extendedMs: 5 * MIN }, before.runs[1]!] }
    expect(describeClockChange(before, extended)).toBe('5 min added to Intro.')
    expect(describeClockChange(clock(), clock({ version: 1, phases: [{ id: 'x', kind: 'custom', label: 'X', plannedMs: MIN }] }))).toBe('Plan updated: 1 phases, 1 min.')
  })

  const viewOf = (st: InterviewState): InterviewView => applyEvent(EMPTY_VIEW, { name: 'interview:state', arg: st })
  it('takes each seat’s behavioral view, announces a new question to the candidate and a shared story to the others', () => {
    const answer = { id: 'answer-one', round: 1, questionId: 'q', title: 'A mistake', statement: 'Tell me', startedAt: 1, followUpAt: null, endedAt: null, review: null, self: null }
    const view = { round: 1, answers: [answer], bank: null, shared: [] }
    const ada = applyEvent(viewOf(state('candidate')), { name: 'behavioral:updated', arg: view })
    expect(ada.state?.behavioral?.answers).toEqual([answer])
    expect(ada.announcement?.text).toBe('Question: A mistake.')
    expect(applyEvent(viewOf(state('candidate', 2)), { name: 'behavioral:updated', arg: view }).state?.behavioral).toBeNull() // another round's
    const story = { id: 'story-1', title: 'The outage', tags: [], values: [], round: 1, text: { situation: 'S', task: 'T', action: 'A', result: 'R', learning: '' }, answerId: null, sharedAt: 2 }
    const ivy = applyEvent(viewOf(state('interviewer')), { name: 'story:shared', arg: story })
    expect(ivy.state?.behavioral?.shared.map((s) => s.title)).toEqual(['The outage'])
    expect(ivy.announcement?.text).toBe('The candidate shared a story: The outage.')
    const again = applyEvent(ivy, { name: 'story:shared', arg: { ...story, text: { ...story.text, result: 'R2' } } })
    expect(again.state?.behavioral?.shared.map((s) => s.text.result)).toEqual(['R2'])
  })
})
