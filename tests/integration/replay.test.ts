import http from 'node:http'
import { describe, expect, it } from 'vitest'
import { ReplayMeta, ReplayPage, type ReplayUpdate } from '@nudge/shared'
import { readCode } from '@nudge/server/interview/document.ts'
import { DocHistory, codeText } from '../../client/src/features/replay/engine.ts'
import { boardAt } from '../../client/src/features/replay/board.ts'
import { boardClient, yjsClient } from '../utils/clients.ts'
import { getWithToken, interviewRoom } from '../utils/interview.ts'
import { startServer, type TestServer } from '../utils/server.ts'
import { waitFor } from '../utils/wait.ts'

const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'))

/** A round's replay as one seat gets it over HTTP: the meta, then every page of the code's updates. */
async function fetchReplay(s: TestServer, roomId: string, token: string, n: number) {
  const res = await getWithToken(`${s.url}/api/rooms/${roomId}/rounds/${n}/replay`, token)
  expect(res.status, res.text).toBe(200)
  const meta = ReplayMeta.parse(JSON.parse(res.text))
  const updates: ReplayUpdate[] = []
  let after: number | null = meta.code.after
  while (after !== null && meta.code.updates > 0) {
    const page = await getWithToken(`${s.url}/api/rooms/${roomId}/rounds/${n}/replay/updates?doc=code&after=${after}`, token)
    expect(page.status, page.text).toBe(200)
    const p = ReplayPage.parse(JSON.parse(page.text))
    updates.push(...p.updates)
    after = p.next
  }
  return { meta, updates, raw: res.text }
}

describe('session replay over HTTP', () => {
  it('rebuilds the code as the server had it at each moment of a recorded session, across rounds', async () => {
    const s = await startServer({ env: { PERSIST_BATCH_MS: '5' } })
    const { room, ivy } = await interviewRoom(s, { language: 'javascript' })
    await ivy.ok('clock:start', {})
    const typist = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    await typist.synced()
    /** What the server's document held at recorded moments (after everything before was stored). */
    const truth: { at: number; text: string }[] = []
    const record = async () => {
      await s.app.collab.log.flush()
      const at = Date.now()
      truth.push({ at, text: (await s.app.collab.withDocument(room.id, readCode)).text })
      // Update times are in ms: the next edit must not share this moment's millisecond.
      await waitFor(() => Date.now() > at + 1, 'the clock moves on')
    }
    await record()
    for (let burst = 0; burst < 12; burst++) {
      for (let k = 0; k < 5; k++) {
        const t = typist.text
        if (burst % 4 === 3 && t.length > 10) t.delete(3 + k, 2)
        else t.insert(Math.min(t.length, 5 + burst * 3), `b${burst}k${k};`)
      }
      const want = typist.text.toString()
      await waitFor(async () => (await s.app.collab.withDocument(room.id, readCode)).text === want, 'the server has the burst')
      await record()
    }
    // A paste: one edit that inserts 120 characters.
    typist.text.insert(typist.text.length, `${'x'.repeat(119)}\n`)
    const pasted = typist.text.toString()
    await waitFor(async () => (await s.app.collab.withDocument(room.id, readCode)).text === pasted, 'the paste is stored')
    await record()
    await ivy.ok('clock:end', {})
    const r1 = await fetchReplay(s, room.id, room.tokens.candidate, 1)
    // The export's replay-free summary: typing per author, the paste, on the timeline.
    expect(r1.meta.debrief.activity?.authors).toEqual([expect.objectContaining({ name: 'candidate', edits: r1.meta.code.updates })])
    expect(r1.meta.debrief.activity?.pastes).toEqual([expect.objectContaining({ chars: 120 })])
    const md = await getWithToken(`${s.url}/api/rooms/${room.id}/rounds/1/debrief.md`, room.tokens.candidate)
    expect(md.text).toContain('## Timeline')
    expect(md.text).toMatch(/- Typing, candidate: \d+ edits from \d+:\d\d to \d+:\d\d/)
    expect(md.text).toMatch(/- \d+:\d\d Paste: candidate inserted 120 characters at once/)
    expect(md.text).toMatch(/- \d+:\d\d Clock started/)
    expect(r1.updates.length).toBe(r1.meta.code.updates)
    expect(r1.updates.length).toBeGreaterThan(10)
    expect(r1.updates.every((u, i) => i === 0 || u.id > r1.updates[i - 1]!.id)).toBe(true)
    const h = new DocHistory(r1.meta.code.base ? b64(r1.meta.code.base) : null, 8)
    h.append(r1.updates.map((u) => ({ at: u.at, author: u.author, data: b64(u.data) })))
    for (const { at, text } of truth) expect(codeText(h.docAt(at))).toBe(text)
    // Time 0 of the replay is the round's start; the end covers every stored edit.
    expect(r1.meta.startAt).toBeLessThanOrEqual(r1.updates[0]!.at)
    expect(r1.meta.endAt).toBeGreaterThanOrEqual(r1.updates.at(-1)!.at)

    // Round 2 starts from where round 1 left the document (its base), and holds only its own edits.
    const finalR1 = truth.at(-1)!.text
    await ivy.ok('round:next', {})
    typist.text.insert(0, '// round two\n')
    await waitFor(async () => (await s.app.collab.withDocument(room.id, readCode)).text.startsWith('// round two'), 'round two edit stored')
    await s.app.collab.log.flush()
    const r2 = await fetchReplay(s, room.id, room.tokens.interviewer, 2)
    const h2 = new DocHistory(b64(r2.meta.code.base), 8)
    expect(codeText(h2.docAfter(0))).toBe(finalR1)
    h2.append(r2.updates.map((u) => ({ at: u.at, author: u.author, data: b64(u.data) })))
    expect(codeText(h2.docAfter(r2.updates.length))).toBe(`// round two\n${finalR1}`)
    h.destroy()
    h2.destroy()

    // The pages travel compressed when the client accepts it (fetch decodes them transparently above).
    const url = `${s.url}/api/rooms/${room.id}/rounds/1/replay/updates?doc=code&after=${r1.meta.code.after}`
    const raw = await new Promise<{ encoding?: string; bytes: number }>((resolve, reject) => {
      http.get(url, { headers: { authorization: `Bearer ${room.tokens.interviewer}`, 'accept-encoding': 'br' } }, (res) => {
        let bytes = 0
        res.on('data', (c: Buffer) => (bytes += c.length)).on('end', () => resolve({ encoding: res.headers['content-encoding'], bytes })).on('error', reject)
      }).on('error', reject)
    })
    expect(raw.encoding).toBe('br')
    expect(raw.bytes).toBeLessThan(r1.updates.reduce((n, u) => n + u.data.length, 0))
  })

  it('gives each role the timeline it saw live, and clear errors for bad requests', async () => {
    const s = await startServer()
    const { room, ivy, ada } = await interviewRoom(s)
    const other = await s.createRoom({})
    await ivy.ok('clock:start', {})
    await ada.ok('stuck:raise', {})
    await ivy.ok('hint:send', { text: 'REPLAY-HINT: sort first.' })
    await ivy.ok('note:add', { text: 'REPLAY-NOTE: hesitant on edge cases' })
    const q = await ada.ok('clarify:ask', { text: 'REPLAY-Q: can it be empty?' })
    await ivy.ok('clarify:answer', { id: q.id, text: 'REPLAY-A: yes.' })
    await ivy.ok('clock:end', {})

    const byRole = {
      interviewer: await fetchReplay(s, room.id, room.tokens.interviewer, 1),
      candidate: await fetchReplay(s, room.id, room.tokens.candidate, 1),
      observer: await fetchReplay(s, room.id, room.tokens.observer, 1),
    }
    for (const [role, r] of Object.entries(byRole)) {
      expect(r.meta.debrief.viewer).toBe(role)
      expect(r.raw).toContain('REPLAY-HINT')
      expect(r.raw).toContain('REPLAY-Q')
      expect(r.raw).toContain('REPLAY-A')
      const kinds = new Set(r.meta.debrief.timeline.events.map((e) => e.kind))
      expect(kinds.has('start') && kinds.has('end') && kinds.has('hint')).toBe(true)
      expect(kinds.has('note'), role).toBe(role === 'interviewer')
      expect(kinds.has('stuck'), role).toBe(role === 'interviewer')
      if (role !== 'interviewer') expect(r.raw).not.toContain('REPLAY-NOTE')
    }
    expect(byRole.interviewer.raw).toContain('REPLAY-NOTE')
    // The Markdown export's timeline follows the same audience rule.
    const md = async (token: string) => (await getWithToken(`${s.url}/api/rooms/${room.id}/rounds/1/debrief.md`, token)).text
    expect(await md(room.tokens.interviewer)).toMatch(/- \d+:\d\d Note \(private\): REPLAY-NOTE/)
    for (const token of [room.tokens.candidate, room.tokens.observer]) {
      const text = await md(token)
      expect(text).toMatch(/- \d+:\d\d Hint: REPLAY-HINT/)
      expect(text).not.toContain('REPLAY-NOTE')
    }

    const url = (path: string) => `${s.url}/api/rooms/${path}`
    const err = async (path: string, token: string | null) => {
      const res = token === null ? await fetch(url(path)).then(async (x) => ({ status: x.status, text: await x.text() })) : await getWithToken(url(path), token)
      return { status: res.status, ...(JSON.parse(res.text) as { code: string; message: string }) }
    }
    // No secret, another room's secret, a round that does not exist, a bad or too-late t, a bad doc.
    expect(await err(`${room.id}/rounds/1/replay`, null)).toMatchObject({ status: 401, code: 'UNAUTHORIZED' })
    expect(await err(`${room.id}/rounds/1/replay`, other.tokens.candidate)).toMatchObject({ status: 403, message: expect.stringMatching(/another room/) })
    expect(await err(`${room.id}/rounds/1/replay/updates?after=0`, other.tokens.interviewer)).toMatchObject({ status: 403 })
    expect(await err(`${room.id}/rounds/1/replay`, 'x'.repeat(40))).toMatchObject({ status: 401, code: 'UNAUTHORIZED' })
    expect(await err(`${room.id}/rounds/7/replay`, room.tokens.candidate)).toMatchObject({ status: 404, code: 'NOT_FOUND' })
    expect(await err(`${room.id}/rounds/7/replay/updates?after=0`, room.tokens.candidate)).toMatchObject({ status: 404 })
    expect(await err(`${room.id}/rounds/1/replay?t=soon`, room.tokens.candidate)).toMatchObject({ status: 400, code: 'BAD_REQUEST' })
    const late = await err(`${room.id}/rounds/1/replay?t=999:00`, room.tokens.candidate)
    expect(late).toMatchObject({ status: 400, code: 'BAD_REQUEST' })
    expect(late.message).toMatch(/past the end of round 1/)
    expect(await err(`${room.id}/rounds/1/replay/updates?doc=secrets&after=0`, room.tokens.candidate)).toMatchObject({ status: 400 })
    const ok = await getWithToken(url(`${room.id}/rounds/1/replay?t=0:00`), room.tokens.observer)
    expect(ok.status).toBe(200)
    expect(ReplayMeta.parse(JSON.parse(ok.text)).t).toBe(0)
  })

  it('replays the board when the round drew on it', async () => {
    const s = await startServer()
    const { room, ivy } = await interviewRoom(s)
    const before = await fetchReplay(s, room.id, room.tokens.candidate, 1)
    expect(before.meta.board).toBeNull()
    await ivy.ok('clock:start', {})
    const board = boardClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await board.synced()
    const rect = (id: string, x: number, version: number) => ({ id, type: 'rectangle', x, y: 20, width: 100, height: 60, version, isDeleted: false, index: `a${id}` })
    board.elements.set('one', rect('one', 10, 1))
    board.elements.set('two', rect('two', 200, 1))
    board.elements.set('one', { ...rect('one', 10, 2), isDeleted: true })
    await waitFor(async () => (await s.app.store.listUpdates(room.id, 'board')).length > 0 && s.app.collab.get(room.id, 'board')?.doc.getMap('elements').size === 2, 'board stored')
    await s.app.collab.log.flush()
    await ivy.ok('clock:end', {})
    const res = await getWithToken(`${s.url}/api/rooms/${room.id}/rounds/1/replay`, room.tokens.observer)
    const meta = ReplayMeta.parse(JSON.parse(res.text))
    expect(meta.board?.updates).toBeGreaterThan(0)
    const page = ReplayPage.parse(JSON.parse((await getWithToken(`${s.url}/api/rooms/${room.id}/rounds/1/replay/updates?doc=board&after=${meta.board!.after}`, room.tokens.observer)).text))
    const h = new DocHistory(meta.board!.base ? b64(meta.board!.base) : null)
    h.append(page.updates.map((u) => ({ at: u.at, author: u.author, data: b64(u.data) })))
    expect(boardAt(h.docAfter(0))).toBeNull()
    // At the end, only the element that was not deleted is on the board.
    expect(boardAt(h.docAfter(h.updates.length))?.elements.map((e) => e.id)).toEqual(['two'])
    h.destroy()
  })
})
