import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '@nudge/shared'
import { docKey, type RoomOwner, type RoomQuota, type Store } from './types.ts'

/**
 * The behaviour every Store implementation must have. Each backend's test file calls this with
 * a factory; the suite never looks at implementation details.
 */
export function storeContract(name: string, factory: (quota?: RoomQuota) => Promise<Store>) {
  describe(`Store contract: ${name}`, () => {
    let store: Store
    beforeAll(async () => {
      store = await factory()
      await store.migrate()
    })
    afterAll(async () => {
      await store?.close()
    })

    const newRoom = async (initial = true) => {
      const id = `r${randomUUID().replace(/-/g, '').slice(0, 20)}`
      const hash = (role: string) => `${id}-${role}-hash`
      await store.createRoom(
        { id, title: 'Two sum', createdAt: 1_700_000_000_000, epoch: 'e1' },
        [
          { role: 'candidate', tokenHash: hash('candidate') },
          { role: 'interviewer', tokenHash: hash('interviewer') },
          { role: 'observer', tokenHash: hash('observer') },
        ],
        initial ? { roomId: id, doc: 'code', data: new Uint8Array([1, 2, 3]), author: 'server', createdAt: 1_700_000_000_000 } : null,
      )
      return { id, hash }
    }

    it('migrates idempotently and answers ping', async () => {
      await store.migrate()
      await expect(store.ping()).resolves.toBeUndefined()
    })

    it('creates a room and finds it and its invites', async () => {
      const { id, hash } = await newRoom()
      expect(await store.getRoom(id)).toEqual({ id, title: 'Two sum', createdAt: 1_700_000_000_000, epoch: 'e1' })
      expect(await store.findInvite(hash('observer'))).toEqual({ roomId: id, role: 'observer' })
      expect(await store.findInvite(hash('interviewer'))).toEqual({ roomId: id, role: 'interviewer' })
      expect(await store.findInvite('nope')).toBeUndefined()
      expect(await store.getRoom('missing-room')).toBeUndefined()
    })

    it('lists a room’s invites and swaps the roles two of them grant, atomically', async () => {
      const { id, hash } = await newRoom()
      const other = await newRoom()
      const roles = async (roomId: string) =>
        Object.fromEntries((await store.listInvites(roomId)).map((i) => [i.tokenHash, i.role]))
      expect(await roles(id)).toEqual({ [hash('candidate')]: 'candidate', [hash('interviewer')]: 'interviewer', [hash('observer')]: 'observer' })
      await store.swapInviteRoles(id, 'candidate', 'interviewer')
      expect(await store.findInvite(hash('candidate'))).toEqual({ roomId: id, role: 'interviewer' })
      expect(await store.findInvite(hash('interviewer'))).toEqual({ roomId: id, role: 'candidate' })
      expect(await store.findInvite(hash('observer'))).toEqual({ roomId: id, role: 'observer' })
      // Other rooms are untouched; swapping back restores the original mapping.
      expect(await store.findInvite(other.hash('candidate'))).toEqual({ roomId: other.id, role: 'candidate' })
      await store.swapInviteRoles(id, 'interviewer', 'candidate')
      expect(await roles(id)).toEqual({ [hash('candidate')]: 'candidate', [hash('interviewer')]: 'interviewer', [hash('observer')]: 'observer' })
      expect(await store.listInvites('missing-room')).toEqual([])
    })

    it('rejects a duplicate room id and leaves the first intact', async () => {
      const { id } = await newRoom()
      await expect(
        store.createRoom({ id, title: 'x', createdAt: 1, epoch: 'e2' }, [{ role: 'candidate', tokenHash: `${id}-other` }], null),
      ).rejects.toThrow()
      expect((await store.getRoom(id))?.epoch).toBe('e1')
      expect(await store.findInvite(`${id}-other`)).toBeUndefined()
    })

    it('appends updates in order with author and time, and loads them', async () => {
      const { id } = await newRoom()
      const other = await newRoom(false)
      const { lastIds } = await store.appendUpdates([
        { roomId: id, doc: 'code', data: new Uint8Array([4]), author: 'p1', createdAt: 10 },
        { roomId: other.id, doc: 'code', data: new Uint8Array([9]), author: 'p9', createdAt: 11 },
        { roomId: id, doc: 'code', data: new Uint8Array([5, 6]), author: 'p2', createdAt: 12 },
      ])
      const doc = await store.loadDocument(id, 'code')
      expect(doc.snapshot).toBeNull()
      expect(doc.updates.map((u) => Array.from(u.data))).toEqual([[1, 2, 3], [4], [5, 6]])
      const log = await store.listUpdates(id, 'code')
      expect(log.map((u) => [u.author, u.createdAt])).toEqual([['server', 1_700_000_000_000], ['p1', 10], ['p2', 12]])
      expect(log[0]!.data).toBeInstanceOf(Uint8Array)
      expect((await store.loadDocument(other.id, 'code')).updates.map((u) => Array.from(u.data))).toEqual([[9]])
      expect(await store.listUpdates(id, 'code', log[1]!.id)).toHaveLength(1)
      // The id of each room's last stored row (what a snapshot of the live document covers).
      expect(lastIds).toEqual(new Map([[docKey(id, 'code'), log[2]!.id], [docKey(other.id, 'code'), (await store.listUpdates(other.id, 'code')).at(-1)!.id]]))
    })

    it('loads the snapshot plus only the updates after it, keeping the log', async () => {
      const { id } = await newRoom()
      await store.appendUpdates([{ roomId: id, doc: 'code', data: new Uint8Array([7]), author: 'p1', createdAt: 20 }])
      const before = await store.loadDocument(id, 'code')
      const last = before.updates.at(-1)!.id
      await store.writeSnapshot(id, 'code', new Uint8Array([42]), last)
      await store.appendUpdates([{ roomId: id, doc: 'code', data: new Uint8Array([8]), author: 'p1', createdAt: 21 }])
      const after = await store.loadDocument(id, 'code')
      expect(after.snapshot).toEqual({ data: new Uint8Array([42]), lastUpdateId: last })
      expect(after.updates.map((u) => Array.from(u.data))).toEqual([[8]])
      const all = await store.listUpdates(id, 'code')
      await store.writeSnapshot(id, 'code', new Uint8Array([43]), all.at(-1)!.id)
      const latest = await store.loadDocument(id, 'code')
      expect(latest.snapshot?.data).toEqual(new Uint8Array([43]))
      expect(latest.updates).toEqual([])
      // An older snapshot arriving late never replaces a newer one.
      await store.writeSnapshot(id, 'code', new Uint8Array([1]), last)
      expect((await store.loadDocument(id, 'code')).snapshot?.data).toEqual(new Uint8Array([43]))
      expect(await store.listUpdates(id, 'code')).toHaveLength(3)
    })

    it('stores a large batch of many rooms whole and in order, returning each room\'s last row', async () => {
      const rooms = await Promise.all(Array.from({ length: 12 }, () => newRoom(false)))
      const batch = Array.from({ length: 300 }, (_, i) => ({
        roomId: rooms[(i * 7) % rooms.length]!.id,
        doc: 'code' as const,
        data: Uint8Array.from({ length: 1 + (i % 40) }, (_, j) => (i + j) % 256),
        author: `p${i % 3}`,
        createdAt: 1000 + i,
      }))
      const { lastIds, logBytes } = await store.appendUpdates(batch)
      expect(lastIds.size).toBe(rooms.length)
      for (const { id } of rooms) {
        const mine = batch.filter((u) => u.roomId === id)
        const log = await store.listUpdates(id, 'code')
        expect(log.map((u) => [Array.from(u.data), u.author, u.createdAt])).toEqual(mine.map((u) => [Array.from(u.data), u.author, u.createdAt]))
        expect(lastIds.get(docKey(id, 'code'))).toBe(log.at(-1)!.id)
        // Each room's log bytes after the batch: what it held (nothing: created without a first update) plus its rows.
        expect(logBytes.get(id)).toBe(mine.reduce((n, u) => n + u.data.byteLength, 0))
      }
    })

    it('keeps the documents of a room apart: logs, snapshots and last ids per document', async () => {
      const { id } = await newRoom()
      const { lastIds } = await store.appendUpdates([
        { roomId: id, doc: 'board', data: new Uint8Array([50]), author: 'p1', createdAt: 30 },
        { roomId: id, doc: 'code', data: new Uint8Array([4]), author: 'p1', createdAt: 31 },
        { roomId: id, doc: 'board', data: new Uint8Array([51]), author: 'p2', createdAt: 32 },
      ])
      const code = await store.listUpdates(id, 'code')
      const board = await store.listUpdates(id, 'board')
      expect(code.map((u) => Array.from(u.data))).toEqual([[1, 2, 3], [4]])
      expect(board.map((u) => [Array.from(u.data), u.author, u.doc])).toEqual([[[50], 'p1', 'board'], [[51], 'p2', 'board']])
      expect(lastIds).toEqual(new Map([[docKey(id, 'code'), code.at(-1)!.id], [docKey(id, 'board'), board.at(-1)!.id]]))
      // A snapshot of one document neither hides nor replaces the other's.
      await store.writeSnapshot(id, 'board', new Uint8Array([99]), board.at(-1)!.id)
      expect(await store.loadDocument(id, 'board')).toEqual({ snapshot: { data: new Uint8Array([99]), lastUpdateId: board.at(-1)!.id }, updates: [] })
      const loadedCode = await store.loadDocument(id, 'code')
      expect(loadedCode.snapshot).toBeNull()
      expect(loadedCode.updates.map((u) => Array.from(u.data))).toEqual([[1, 2, 3], [4]])
      await store.writeSnapshot(id, 'code', new Uint8Array([77]), code.at(-1)!.id)
      expect((await store.loadDocument(id, 'board')).snapshot?.data).toEqual(new Uint8Array([99]))
      expect((await store.loadDocument(id, 'code')).snapshot?.data).toEqual(new Uint8Array([77]))
      // A document never written loads empty.
      const fresh = await newRoom(false)
      expect(await store.loadDocument(fresh.id, 'board')).toEqual({ snapshot: null, updates: [] })
    })

    it('reads one document\'s rows between two times, in id order, paged after an id', async () => {
      const { id } = await newRoom(false)
      await store.appendUpdates([10, 20, 30, 40, 50].flatMap((t) => [
        { roomId: id, doc: 'code' as const, data: new Uint8Array([t]), author: 'p1', createdAt: t },
        { roomId: id, doc: 'board' as const, data: new Uint8Array([t + 1]), author: 'p1', createdAt: t },
      ]))
      const between = (from: number, to: number, after = 0, limit = 100) =>
        store.listUpdatesBetween(id, 'code', from, to, after, limit).then((rows) => rows.map((r) => r.createdAt))
      expect(await between(20, 40)).toEqual([20, 30, 40])
      expect(await between(25, Infinity)).toEqual([30, 40, 50])
      expect(await between(-Infinity, 15)).toEqual([10])
      expect(await between(60, 70)).toEqual([])
      const first = await store.listUpdatesBetween(id, 'code', 10, 50, 0, 2)
      expect(first.map((r) => r.createdAt)).toEqual([10, 20])
      expect(await between(10, 50, first[1]!.id, 2)).toEqual([30, 40])
      expect((await store.listUpdatesBetween(id, 'board', 20, 20, 0, 10)).map((r) => Array.from(r.data))).toEqual([[21]])
    })

    it('an empty batch is a no-op', async () => {
      await expect(store.appendUpdates([])).resolves.toEqual({ lastIds: new Map(), logBytes: new Map() })
    })

    it('counts each room\'s update-log bytes, its first update and every document, in its usage', async () => {
      const { id } = await newRoom()
      const other = await newRoom(false)
      // The first update, stored with the room (3 bytes).
      expect((await store.roomUsage(id))?.logBytes).toBe(3)
      expect((await store.roomUsage(other.id))?.logBytes).toBe(0)
      const first = await store.appendUpdates([
        { roomId: id, doc: 'code', data: new Uint8Array(100), author: 'p1', createdAt: 10 },
        { roomId: id, doc: 'board', data: new Uint8Array(50), author: 'p1', createdAt: 11 },
        { roomId: other.id, doc: 'code', data: new Uint8Array(7), author: 'p2', createdAt: 12 },
      ])
      expect(first.logBytes).toEqual(new Map([[id, 153], [other.id, 7]]))
      // A second writer's batch (another node in scaled mode) is told the room's total, not its own share.
      const second = await store.appendUpdates([{ roomId: id, doc: 'code', data: new Uint8Array(1000), author: 'p3', createdAt: 13 }])
      expect(second.logBytes).toEqual(new Map([[id, 1153]]))
      const usage = await store.roomUsage(id)
      expect(usage).toMatchObject({ events: 0, eventBytes: 0, logBytes: 1153 })
      // Appending is not activity (joins and commits are): retention still sees the room's creation time.
      expect(usage?.activeAt).toBe(1_700_000_000_000)
      // Snapshots (compaction) are not charged: the log is what grows.
      await store.writeSnapshot(id, 'code', new Uint8Array(5000), second.lastIds.get(docKey(id, 'code'))!)
      expect((await store.roomUsage(id))?.logBytes).toBe(1153)
      // Rows of a room deleted meanwhile are stored by nobody's count: no usage row comes back for it.
      await store.deleteRoom(other.id)
      const late = await store.appendUpdates([{ roomId: other.id, doc: 'code', data: new Uint8Array(9), author: 'p2', createdAt: 14 }])
      expect(late.logBytes.has(other.id)).toBe(false)
      expect(await store.roomUsage(other.id)).toBeUndefined()
    })

    it('upserts participants', async () => {
      const { id } = await newRoom()
      const p = { roomId: id, id: 'participant1', name: 'Ada', role: 'candidate' as const, color: '#fff', createdAt: 1, lastSeenAt: 1 }
      await store.upsertParticipant(p)
      await store.upsertParticipant({ ...p, name: 'Ada L.', lastSeenAt: 5 })
      await store.upsertParticipant({ ...p, id: 'participant2', name: 'Bob', role: 'interviewer', createdAt: 2 })
      expect(await store.listParticipants(id)).toEqual([
        { ...p, name: 'Ada L.', lastSeenAt: 5 },
        { ...p, id: 'participant2', name: 'Bob', role: 'interviewer', createdAt: 2, lastSeenAt: 1 },
      ])
    })

    it('keeps a per-room event log and JSON state', async () => {
      const { id } = await newRoom()
      const a = await store.appendEvent({ roomId: id, type: 'hint.sent', actor: 'p1', payload: { tier: 1, text: 'é ✓' }, createdAt: 5 })
      const b = await store.appendEvent({ roomId: id, type: 'clock.started', actor: 'p1', payload: null, createdAt: 6 })
      expect(b).toBeGreaterThan(a)
      const events = await store.listEvents(id)
      expect(events.map((e) => [e.type, e.payload])).toEqual([['hint.sent', { tier: 1, text: 'é ✓' }], ['clock.started', null]])
      expect(await store.listEvents(id, a)).toHaveLength(1)
      expect(await store.getState(id, 'clock')).toBeUndefined()
      await store.setState(id, 'clock', { running: true }, 1)
      await store.setState(id, 'clock', { running: false, n: 2 }, 2)
      expect(await store.getState(id, 'clock')).toEqual({ running: false, n: 2 })
    })

    it('commits state documents and events together, or nothing', async () => {
      const { id } = await newRoom()
      await store.commit({
        states: [{ roomId: id, key: 'round:1', value: { n: 1 }, updatedAt: 7 }, { roomId: id, key: 'interview', value: { current: 1 }, updatedAt: 7 }],
        events: [{ roomId: id, type: 'round.swapped', actor: 'p1', payload: { round: 1 }, createdAt: 7 }],
      })
      expect(await store.getState(id, 'round:1')).toEqual({ n: 1 })
      expect(await store.getState(id, 'interview')).toEqual({ current: 1 })
      expect((await store.listEvents(id)).map((e) => e.type)).toEqual(['round.swapped'])
      // A failing part (an event with no type violates NOT NULL) rolls back the states too.
      await expect(store.commit({
        states: [{ roomId: id, key: 'round:1', value: { n: 2 }, updatedAt: 8 }],
        events: [{ roomId: id, type: null as unknown as string, actor: 'p1', payload: null, createdAt: 8 }],
      })).rejects.toThrow()
      expect(await store.getState(id, 'round:1')).toEqual({ n: 1 })
      expect(await store.listEvents(id)).toHaveLength(1)
      await expect(store.commit({})).resolves.toBeUndefined()
    })

    describe('cohorts', () => {
      const cohort = (max = 1_000_000) => {
        const id = `c${randomUUID().replace(/-/g, '').slice(0, 20)}`
        return { rec: { id, name: 'Spring', organizerHash: `${id}-org`, linkKey: 'k', createdAt: 5, endedAt: null }, max }
      }
      const student = (cohortId: string, id: string, name = id) => ({
        cohortId, id, name, email: null, extra: { track: 'web' }, tokenHash: `${cohortId}-${id}`, createdAt: 6,
      })

      it('creates a cohort, finds it, ends it once, and refuses past the bound', async () => {
        const { rec } = cohort()
        expect(await store.createCohort(rec, 1_000_000)).toBe(true)
        expect(await store.getCohort(rec.id)).toEqual(rec)
        await store.endCohort(rec.id, 9)
        await store.endCohort(rec.id, 10)
        expect((await store.getCohort(rec.id))?.endedAt).toBe(9)
        expect(await store.getCohort('missing')).toBeUndefined()
        // The bound counts every cohort already stored (at least the one above).
        const full = cohort()
        expect(await store.createCohort(full.rec, 1)).toBe(false)
        expect(await store.getCohort(full.rec.id)).toBeUndefined()
      })

      it('adds students in roster order, all or none, and finds one by its link hash', async () => {
        const { rec } = cohort()
        await store.createCohort(rec, 1_000_000)
        expect(await store.addStudents(rec.id, [student(rec.id, 'ada111'), student(rec.id, 'bob222', 'Bob ✓')], 3)).toBe(true)
        expect(await store.addStudents(rec.id, [student(rec.id, 'cy3333'), student(rec.id, 'di4444')], 3)).toBe(false)
        // A duplicate id rejects the whole batch: the new row before it is not kept either.
        await expect(store.addStudents(rec.id, [student(rec.id, 'cy3333'), student(rec.id, 'ada111')], 10)).rejects.toThrow()
        expect(await store.addStudents(rec.id, [student(rec.id, 'cy3333')], 3)).toBe(true)
        const roster = await store.listStudents(rec.id)
        expect(roster.map((s) => [s.id, s.name, s.position])).toEqual([['ada111', 'ada111', 0], ['bob222', 'Bob ✓', 1], ['cy3333', 'cy3333', 2]])
        expect(roster[0]!.extra).toEqual({ track: 'web' })
        expect(await store.findStudent(`${rec.id}-bob222`)).toMatchObject({ cohortId: rec.id, id: 'bob222' })
        expect(await store.findStudent('nope')).toBeUndefined()
        expect(await store.listStudents('missing')).toEqual([])
      })

      it('records a cohort\'s loops all or none within its bound, lists them oldest first, takes some back', async () => {
        const { rec } = cohort()
        await store.createCohort(rec, 1_000_000)
        const other = cohort()
        await store.createCohort(other.rec, 1_000_000)
        const row = (studentId: string, loopId: string, createdAt: number) => ({ cohortId: rec.id, studentId, loopId, createdAt })
        expect(await store.addCohortLoops(rec.id, [row('ada111', `${rec.id}-l2`, 2), row('bob222', `${rec.id}-l1`, 1)], 3)).toBe(true)
        // Two more would make four: none is recorded.
        expect(await store.addCohortLoops(rec.id, [row('ada111', `${rec.id}-l3`, 3), row('bob222', `${rec.id}-l4`, 4)], 3)).toBe(false)
        expect(await store.addCohortLoops(rec.id, [row('cleo33', `${rec.id}-l3`, 3)], 3)).toBe(true)
        // Another cohort's loops count against its own bound only.
        expect(await store.addCohortLoops(other.rec.id, [{ cohortId: other.rec.id, studentId: 'x', loopId: `${other.rec.id}-l1`, createdAt: 1 }], 1)).toBe(true)
        expect((await store.listCohortLoops(rec.id)).map((l) => [l.studentId, l.loopId, l.createdAt])).toEqual([
          ['bob222', `${rec.id}-l1`, 1], ['ada111', `${rec.id}-l2`, 2], ['cleo33', `${rec.id}-l3`, 3],
        ])
        await store.removeCohortLoops(rec.id, [`${rec.id}-l2`, `${other.rec.id}-l1`])
        expect((await store.listCohortLoops(rec.id)).map((l) => l.loopId)).toEqual([`${rec.id}-l1`, `${rec.id}-l3`])
        expect(await store.listCohortLoops(other.rec.id)).toHaveLength(1)
      })

      it('saves, replaces and lists sessions, bounded per cohort', async () => {
        const { rec } = cohort()
        await store.createCohort(rec, 1_000_000)
        expect(await store.saveSession({ id: 'sess01', cohortId: rec.id, data: { current: 0 }, createdAt: 1 }, 2)).toBe(true)
        expect(await store.saveSession({ id: 'sess02', cohortId: rec.id, data: { current: 0, n: 'é' }, createdAt: 2 }, 2)).toBe(true)
        expect(await store.saveSession({ id: 'sess03', cohortId: rec.id, data: {}, createdAt: 3 }, 2)).toBe(false)
        expect(await store.saveSession({ id: 'sess01', cohortId: rec.id, data: { current: 2 }, createdAt: 1 }, 2)).toBe(true)
        expect((await store.getSession(rec.id, 'sess01'))?.data).toEqual({ current: 2 })
        expect(await store.getSession('other', 'sess01')).toBeUndefined()
        expect((await store.latestSession(rec.id))?.data).toEqual({ current: 0, n: 'é' })
        expect(await store.latestSession('missing')).toBeUndefined()
        expect((await store.listSessions(rec.id)).map((x) => [x.id, x.data])).toEqual([['sess01', { current: 2 }], ['sess02', { current: 0, n: 'é' }]])
        expect(await store.listSessions('missing')).toEqual([])
      })
    })

    describe('room quota, retention and deletion', () => {
      const ev = (roomId: string, type: string, payload: unknown, createdAt = 1_700_000_000_500) => ({ roomId, type, actor: 'p1', payload, createdAt })

      it('refuses a commit that would take a room past its event quota, as a whole, with TOO_LARGE', async () => {
        const small = await factory({ events: 3, eventBytes: 400 })
        await small.migrate()
        const id = `q${randomUUID().replace(/-/g, '').slice(0, 20)}`
        await small.createRoom({ id, title: 'Q', createdAt: 1, epoch: 'e' }, [{ role: 'candidate', tokenHash: `${id}-c` }], null)
        await small.commit({ events: [ev(id, 'a', 1), ev(id, 'a', 2)] })
        const refused = small.commit({ states: [{ roomId: id, key: 'k', value: 1, updatedAt: 2 }], events: [ev(id, 'a', 3), ev(id, 'a', 4)] })
        await expect(refused).rejects.toBeInstanceOf(AppError)
        await expect(refused).rejects.toMatchObject({ code: 'TOO_LARGE' })
        // Nothing of the refused commit was kept.
        expect(await small.getState(id, 'k')).toBeUndefined()
        expect((await small.listEvents(id)).map((e) => e.payload)).toEqual([1, 2])
        await small.appendEvent(ev(id, 'a', 3))
        await expect(small.appendEvent(ev(id, 'a', 4))).rejects.toMatchObject({ code: 'TOO_LARGE' })
        // Bytes count as well: a fresh room, one big payload.
        const id2 = `q${randomUUID().replace(/-/g, '').slice(0, 20)}`
        await small.createRoom({ id: id2, title: 'Q', createdAt: 1, epoch: 'e' }, [{ role: 'candidate', tokenHash: `${id2}-c` }], null)
        await expect(small.appendEvent(ev(id2, 'a', 'x'.repeat(500)))).rejects.toMatchObject({ code: 'TOO_LARGE' })
        expect(await small.roomUsage(id2)).toMatchObject({ events: 0, eventBytes: 0 })
        expect(await small.roomUsage(id)).toMatchObject({ events: 3 })
        await small.close()
      })

      it('reads the latest events of some types, oldest first', async () => {
        const { id } = await newRoom(false)
        for (let i = 0; i < 6; i++) await store.appendEvent(ev(id, i % 2 ? 'chat.sent' : 'clock.changed', i))
        await store.appendEvent(ev(id, 'run.recorded', 'r'))
        expect((await store.latestEvents(id, ['chat.sent'], 2)).map((e) => e.payload)).toEqual([3, 5])
        expect((await store.latestEvents(id, ['chat.sent', 'run.recorded'], 3)).map((e) => e.payload)).toEqual([3, 5, 'r'])
        expect(await store.latestEvents(id, [], 3)).toEqual([])
      })

      it('tracks activity, lists idle rooms and deletes a room with everything stored for it', async () => {
        const { id, hash } = await newRoom()
        const { id: busy } = await newRoom()
        await store.appendEvent(ev(busy, 'note', 1, 1_800_000_000_000))
        await store.upsertParticipant({ roomId: id, id: 'p1', name: 'Ada', role: 'candidate', color: '#fff', createdAt: 1_700_000_000_100, lastSeenAt: 1_700_000_000_100 })
        await store.commit({ states: [{ roomId: id, key: 'k', value: 1, updatedAt: 1 }], events: [ev(id, 'note', 'n', 1_700_000_000_200)] })
        await store.writeSnapshot(id, 'code', new Uint8Array([9]), 0)
        await store.writeSnapshot(id, 'board', new Uint8Array([8]), 0)
        expect((await store.roomUsage(id))?.activeAt).toBe(1_700_000_000_200)
        const idle = await store.listIdleRooms(1_750_000_000_000, 10_000)
        expect(idle).toContain(id)
        expect(idle).not.toContain(busy)

        await store.deleteRoom(id)
        expect(await store.getRoom(id)).toBeUndefined()
        expect(await store.findInvite(hash('candidate'))).toBeUndefined()
        expect(await store.listParticipants(id)).toEqual([])
        expect(await store.listEvents(id)).toEqual([])
        expect(await store.getState(id, 'k')).toBeUndefined()
        expect(await store.loadDocument(id, 'code')).toEqual({ snapshot: null, updates: [] })
        expect(await store.loadDocument(id, 'board')).toEqual({ snapshot: null, updates: [] })
        expect(await store.roomUsage(id)).toBeUndefined()
        expect(await store.listIdleRooms(1_750_000_000_000, 10_000)).not.toContain(id)
        expect(await store.getRoom(busy)).toBeDefined()
      })
      it('keeps a cohort\'s and a loop\'s rooms while the owner is open, then from its end like any room', async () => {
        const mk = async (owner?: RoomOwner) => {
          const id = `o${randomUUID().replace(/-/g, '').slice(0, 20)}`
          await store.createRoom({ id, title: 'O', createdAt: 1_700_000_000_000, epoch: 'e' }, [{ role: 'candidate', tokenHash: `${id}-c` }], null, owner)
          return id
        }
        const cohortId = `c${randomUUID().replace(/-/g, '').slice(0, 20)}`
        await store.createCohort({ id: cohortId, name: 'C', organizerHash: `${cohortId}-o`, linkKey: 'k', createdAt: 1, endedAt: null }, 1_000_000)
        const loopId = `l${randomUUID().replace(/-/g, '').slice(0, 20)}`
        await store.createLoop({ id: loopId, ownerHash: `${loopId}-o`, linkKey: 'k', data: { v: 1, title: 'L', target: 'T', candidate: 'C', interviewers: [], stages: [] }, createdAt: 1, closedAt: null, packetSharedAt: null }, 1_000_000)
        const plain = await mk()
        const session = await mk({ kind: 'cohort', id: cohortId })
        const stage = await mk({ kind: 'loop', id: loopId })
        const orphan = await mk({ kind: 'loop', id: 'no-such-loop' })
        const later = 1_750_000_000_000
        const idle = async () => new Set(await store.listIdleRooms(later, 100_000))
        // Open owners keep their rooms, however old; an unowned room (or one whose owner is gone) goes.
        let now = await idle()
        expect([now.has(plain), now.has(session), now.has(stage), now.has(orphan)]).toEqual([true, false, false, true])
        // Ended/closed after the cut-off: the end counts as activity, so still kept.
        await store.endCohort(cohortId, later + 1)
        await store.closeLoop(loopId, later + 1)
        now = await idle()
        expect([now.has(session), now.has(stage)]).toEqual([false, false])
        // Once the end is older than the cut-off too, they go like any idle room.
        const after = new Set(await store.listIdleRooms(later + 2, 100_000))
        expect([after.has(session), after.has(stage)]).toEqual([true, true])
        // Deleting a room takes its owner row with it.
        await store.deleteRoom(session)
        expect(await store.getRoom(session)).toBeUndefined()
        expect(await store.listIdleRooms(later + 2, 100_000)).not.toContain(session)
      })
    })

    describe('loops', () => {
      const loop = () => {
        const id = `l${randomUUID().replace(/-/g, '').slice(0, 20)}`
        const data = { v: 1 as const, title: 'Loop ✓', target: 'Acme', candidate: 'Ada', interviewers: [{ id: 'i1', name: 'Ivy' }], stages: [] }
        return { id, ownerHash: `${id}-owner`, linkKey: 'k', data, createdAt: 5, closedAt: null, packetSharedAt: null }
      }

      it('creates a loop, saves its plan, closes it once, and refuses past the bound', async () => {
        const rec = loop()
        expect(await store.createLoop(rec, 1_000_000)).toBe(true)
        expect(await store.getLoop(rec.id)).toEqual(rec)
        const data = { ...rec.data, title: 'Renamed' }
        await store.saveLoopData(rec.id, data)
        await store.closeLoop(rec.id, 9)
        await store.closeLoop(rec.id, 10)
        await store.shareLoopPacket(rec.id, 11)
        await store.shareLoopPacket(rec.id, 12)
        expect(await store.getLoop(rec.id)).toEqual({ ...rec, data, closedAt: 9, packetSharedAt: 11 })
        expect(await store.getLoop('missing')).toBeUndefined()
        const full = loop()
        expect(await store.createLoop(full, 1)).toBe(false)
        expect(await store.getLoop(full.id)).toBeUndefined()
      })

      it('keeps the first submission of a stage and never replaces it', async () => {
        const rec = loop()
        await store.createLoop(rec, 1_000_000)
        const first = { loopId: rec.id, stage: 1, language: 'python', code: 'def f():\n    return 1 # ✓', submittedAt: 7, late: false }
        expect(await store.addSubmission(first)).toBe(true)
        expect(await store.addSubmission({ ...first, code: 'changed', late: true })).toBe(false)
        expect(await store.getSubmission(rec.id, 1)).toEqual(first)
        expect(await store.addSubmission({ ...first, stage: 3, late: true })).toBe(true)
        expect((await store.listSubmissions(rec.id)).map((x) => [x.stage, x.late])).toEqual([[1, false], [3, true]])
        expect(await store.getSubmission(rec.id, 2)).toBeUndefined()
      })
    })
  })
}
