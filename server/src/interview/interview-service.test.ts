import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DOC, RUBRICS, type Role } from '@nudge/shared'
import { createSqliteStore } from '../store/sqlite.ts'
import type { Store } from '../store/types.ts'
import { BUNDLED_QUESTIONS_DIR, loadQuestionBank, type QuestionBank } from './question-bank.ts'
import { InterviewService, type Actor } from './interview-service.ts'
import { RoomService } from '../rooms/room-service.ts'
import type { Documents } from './document.ts'

/** Live documents without a network: one Y.Doc per room, edited in 'server' transactions. */
class MemoryDocuments implements Documents {
  readonly docs = new Map<string, Y.Doc>()
  doc(roomId: string): Y.Doc {
    let d = this.docs.get(roomId)
    if (!d) {
      this.docs.set(roomId, (d = new Y.Doc()))
      d.getMap(DOC.meta).set('language', 'python')
    }
    return d
  }
  async withDocument<T>(roomId: string, fn: (doc: Y.Doc) => T): Promise<T> {
    const doc = this.doc(roomId)
    let out!: T
    doc.transact(() => (out = fn(doc)), 'server')
    return out
  }
}

let bank: QuestionBank
beforeAll(async () => {
  bank = await loadQuestionBank(BUNDLED_QUESTIONS_DIR)
})

async function setup(store: Store = createSqliteStore(':memory:'), docs = new MemoryDocuments()) {
  await store.migrate()
  const rooms = new RoomService(store)
  const { room, secrets } = await rooms.create({ language: 'python' })
  const seat = async (role: Role) => (await rooms.authenticate(room.id, secrets[role])).seat
  const actor = async (role: Role, name: string): Promise<Actor> => ({ participantId: `participant-${name}`, name, seat: await seat(role) })
  const svc = new InterviewService({ store, rooms, bank, docs })
  return { store, rooms, room, docs, svc, ada: await actor('candidate', 'ada'), ivy: await actor('interviewer', 'ivy'), olu: await actor('observer', 'olu') }
}

const coding = () => bank.list({ kind: 'coding' })
const code = (docs: MemoryDocuments, roomId: string) => docs.doc(roomId).getText(DOC.text).toString()

describe('InterviewService', () => {
  it('checks the actor’s role in the round: candidates and observers cannot pick, start or note', async () => {
    const { svc, room, ada, olu } = await setup()
    for (const who of [ada, olu]) {
      await expect(svc.pick(room.id, who, coding()[0]!.id)).rejects.toMatchObject({ code: 'FORBIDDEN' })
      await expect(svc.clock(room.id, who, { type: 'start' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
      await expect(svc.addNote(room.id, who, 'x')).rejects.toMatchObject({ code: 'FORBIDDEN' })
    }
    await expect(svc.ask(room.id, olu, 'x')).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('inserts the starter for the room’s language once, never over someone’s code, and only until the round ends', async () => {
    const { svc, room, ivy, docs } = await setup()
    const [first, second] = coding()
    const a = await svc.pick(room.id, ivy, first!.id)
    expect(a.result.starterInserted).toBe(true)
    const starter = bank.get(first!.id)!
    expect(code(docs, room.id)).toBe((starter.kind === 'coding' && starter.starter.python) || '')
    expect((await svc.pick(room.id, ivy, first!.id)).result.starterInserted).toBe(false) // already there
    expect(code(docs, room.id)).toBe((starter.kind === 'coding' && starter.starter.python) || '')
    // Untouched starter: a different pick replaces it.
    expect((await svc.pick(room.id, ivy, second!.id)).result.starterInserted).toBe(true)
    // Someone typed: the next pick leaves the document alone.
    docs.doc(room.id).getText(DOC.text).insert(0, '# my idea\n')
    expect((await svc.pick(room.id, ivy, first!.id)).result.starterInserted).toBe(false)
    expect(code(docs, room.id).startsWith('# my idea\n')).toBe(true)
    await svc.clock(room.id, ivy, { type: 'start' })
    const running = await svc.pick(room.id, ivy, second!.id) // a change while it runs keeps the clock
    expect(running.result.starterInserted).toBe(false)
    expect(running.round.clock.status).toBe('running')
    expect(running.round.clockLog.at(-1)?.kind).toBe('question')
    await svc.clock(room.id, ivy, { type: 'end' })
    await expect(svc.pick(room.id, ivy, first!.id)).rejects.toMatchObject({ code: 'CONFLICT' })
  })

  it('follows the question’s kind for the plan unless the interviewer edited it', async () => {
    const { svc, room, ivy } = await setup()
    const behavioral = bank.list({ kind: 'behavioral' })[0]!
    const { round } = await svc.pick(room.id, ivy, behavioral.id)
    expect(round.kind).toBe('behavioral')
    expect(round.clock.phases.filter((p) => p.kind === 'answer').length).toBeGreaterThan(1)
    const custom = [{ id: 'story', kind: 'answer' as const, label: 'Story', plannedMs: 600_000 }]
    await svc.clock(room.id, ivy, { type: 'configure', phases: custom })
    const again = await svc.pick(room.id, ivy, bank.list({ kind: 'behavioral' })[1]!.id)
    expect(again.round.clock.phases).toEqual(custom)
    expect(again.round.clock.version).toBeGreaterThan(round.clock.version)
  })

  it('a behavioral pick clears code carried over from an earlier round (e.g. restored by an undo)', async () => {
    const { svc, room, ivy, ada, docs } = await setup()
    const [q1, q2] = coding()
    await svc.pick(room.id, ivy, q1!.id)
    const starter1 = code(docs, room.id)
    await svc.clock(room.id, ivy, { type: 'start' })
    await svc.clock(room.id, ivy, { type: 'end' })
    await svc.swap(room.id, ivy, q2!.id)
    // The new candidate's undo brings round one's starter back: not this round's starter any more.
    await docs.withDocument(room.id, (d) => {
      const t = d.getText(DOC.text)
      t.delete(0, t.length)
      t.insert(0, starter1)
    })
    const behavioral = bank.list({ kind: 'behavioral' })[0]!
    const { result } = await svc.pick(room.id, ada, behavioral.id)
    expect(result.starterInserted).toBe(true)
    expect(code(docs, room.id)).toBe('')
    // Someone's own scratch text is never cleared.
    await docs.withDocument(room.id, (d) => d.getText(DOC.text).insert(0, 'S: the outage'))
    await svc.pick(room.id, ada, bank.list({ kind: 'behavioral' })[1]!.id)
    expect(code(docs, room.id)).toBe('S: the outage')
  })

  it('keeps the clock across a new service instance over the same store (a restart)', async () => {
    const store = createSqliteStore(':memory:')
    const first = await setup(store)
    await first.svc.clock(first.room.id, first.ivy, { type: 'start' })
    const paused = await first.svc.clock(first.room.id, first.ivy, { type: 'pause' })
    const again = new InterviewService({ store, rooms: first.rooms, bank, docs: first.docs })
    const snap = await again.snapshot(first.room.id, first.ada, 'candidate')
    expect(snap.state.clock).toEqual(paused.clock)
    expect(snap.staff).toBeNull()
  })

  it('swaps roles after an ended round: invites swap, the new round has an unseen question and its own private data', async () => {
    const { svc, room, rooms, ada, ivy, olu, docs, store } = await setup()
    const q1 = coding()[0]!.id
    await svc.pick(room.id, ivy, q1)
    await svc.clock(room.id, ivy, { type: 'start' })
    await svc.addNote(room.id, ivy, 'round one note')
    await expect(svc.swap(room.id, ivy)).rejects.toMatchObject({ code: 'CONFLICT' })
    docs.doc(room.id).getText(DOC.text).insert(0, '# final answer\n')
    await svc.clock(room.id, ivy, { type: 'end' })
    await expect(svc.swap(room.id, ada)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(svc.swap(room.id, ivy, q1)).rejects.toMatchObject({ code: 'CONFLICT' })

    const { previous, round } = await svc.swap(room.id, ivy)
    expect(round.n).toBe(2)
    expect(round.question?.id).not.toBe(q1)
    expect(round.question?.kind).toBe('coding')
    expect(round.seats).toEqual({ candidate: ivy.seat, interviewer: ada.seat })
    expect(previous.finalCode?.text.startsWith('# final answer\n')).toBe(true)
    // The document now holds the new question's starter; round 1's code is kept in round 1.
    expect(code(docs, room.id)).not.toContain('# final answer')
    // The invites now grant the other roles.
    expect((await rooms.seats(room.id)).interviewer).toBe(ada.seat)

    // Round 1's notes stay with its interviewer (now the candidate), never the new interviewer.
    expect((await svc.debrief(room.id, ivy.seat, 1)).notes?.map((n) => n.text)).toEqual(['round one note'])
    expect((await svc.debrief(room.id, ada.seat, 1)).notes).toBeNull()
    expect((await svc.debrief(room.id, olu.seat, 1)).notes).toBeNull()
    // Ada may now take notes in round 2; Ivy, the candidate now, may still score round 1.
    await svc.addNote(room.id, ada, 'round two note')
    await expect(svc.addNote(room.id, ivy, 'x')).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const entries = Object.fromEntries(RUBRICS.coding.map((c) => [c.id, { score: 3 as const, comment: '' }]))
    await svc.saveScorecard(room.id, ivy, 1, { entries, summary: '', submit: true })
    await expect(svc.saveScorecard(room.id, ada, 1, { entries, summary: '', submit: true })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect((await svc.debrief(room.id, ivy.seat, 2)).notes).toBeNull()
    expect((await svc.debrief(room.id, ada.seat, 2)).notes?.map((n) => n.text)).toEqual(['round two note'])
    // Every change is in the room's event log, in order, with its round.
    const log = await store.listEvents(room.id)
    expect(log.map((e) => e.type)).toEqual([
      'question.picked', 'clock.start', 'note.added', 'clock.end', 'round.swapped', 'note.added', 'scorecard.saved',
    ])
    expect(log.map((e) => (e.payload as { round: number }).round)).toEqual([1, 1, 1, 1, 2, 2, 1])
  })

  it('on a single node, a change reads nothing from storage and writes one commit (state and event together)', async () => {
    const inner = createSqliteStore(':memory:')
    const calls: string[] = []
    const store = new Proxy(inner, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver)
        if (typeof v !== 'function') return v
        return (...args: unknown[]) => {
          calls.push(String(prop))
          return (v as (...a: unknown[]) => unknown).apply(target, args)
        }
      },
    }) as Store
    const { svc, room, ivy } = await setup(store)
    await svc.addNote(room.id, ivy, 'first')
    calls.length = 0
    await svc.addNote(room.id, ivy, 'second')
    expect(calls).toEqual(['commit'])
    // What is kept in memory is what was stored.
    const fresh = new InterviewService({ store: inner, rooms: new RoomService(inner), bank, docs: new MemoryDocuments() })
    expect((await fresh.currentRound(room.id))?.notes.map((n) => n.text)).toEqual(['first', 'second'])
    expect((await inner.listEvents(room.id)).map((e) => e.type).slice(-2)).toEqual(['note.added', 'note.added'])
  })
})
