import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { QuestionSummary } from '@nudge/shared'
import { yjsClient } from '../utils/clients.ts'
import { interviewRoom } from '../utils/interview.ts'
import { startServer } from '../utils/server.ts'
import { waitFor } from '../utils/wait.ts'

async function withQuestion(s: Awaited<ReturnType<typeof startServer>>) {
  const r = await interviewRoom(s, { language: 'javascript' })
  const q = ((await (await fetch(`${s.url}/api/questions?kind=coding`)).json()) as QuestionSummary[])[0]!
  const picked = await r.ivy.ok('question:pick', { questionId: q.id })
  const ladder = picked.question.hints
  return { ...r, ladder }
}

describe('hint channel', () => {
  it('sends a ladder hint, a reworded one and a custom nudge to everyone, stamped with phase and elapsed time', async () => {
    const s = await startServer()
    const { ivy, ada, olu, ladder } = await withQuestion(s)
    expect(ladder.length).toBeGreaterThanOrEqual(3)
    await ivy.ok('clock:start', {})
    const exact = await ivy.ok('hint:send', { tier: 0, text: ladder[0]!.text })
    expect(exact).toMatchObject({ tier: 0, edited: false, text: ladder[0]!.text, stamp: { phaseId: 'intro', status: 'running' } })
    const reworded = await ivy.ok('hint:send', { tier: 1, text: 'What have you already seen?' })
    expect(reworded).toMatchObject({ tier: 1, edited: true })
    await ivy.ok('clock:next', {})
    const nudge = await ivy.ok('hint:send', { text: 'Say your plan out loud.' })
    expect(nudge).toMatchObject({ tier: null, edited: false, stamp: { phaseId: 'clarify' } })
    for (const p of [ada, olu, ivy]) {
      await p.waitEvent('hint:sent', (h) => h.id === nudge.id)
      expect(p.events.filter((e) => e.event === 'hint:sent').map((e) => (e.arg as { text: string }).text)).toEqual([
        ladder[0]!.text, 'What have you already seen?', 'Say your plan out loud.',
      ])
    }
    // The candidate never receives a tier that was not sent, nor the original of a reworded one.
    const received = JSON.stringify(ada.events)
    expect(received).not.toContain(ladder[1]!.text)
    expect(received).not.toContain(ladder[2]!.text)
    // A reconnecting candidate gets exactly the sent hints.
    const sync = await ada.ok('interview:sync', {})
    expect(sync.state.hints.map((h) => h.id)).toEqual([exact.id, reworded.id, nudge.id])
  })

  it('anchors a hint to a line with a Yjs relative position that follows later edits', async () => {
    const s = await startServer()
    const { room, ivy, ada } = await withQuestion(s)
    const editor = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await editor.synced()
    editor.text.delete(0, editor.text.length)
    editor.text.insert(0, 'line one\nline two\nline three\n')
    const index = editor.text.toString().indexOf('line three')
    const rel = Y.createRelativePositionFromTypeIndex(editor.text, index)
    const position = Buffer.from(Y.encodeRelativePosition(rel)).toString('base64')
    await waitFor(() => s.app.collab.get(room.id)?.doc.getText('code').toString().includes('line three'), 'server has the text')
    const hint = await ivy.ok('hint:send', { text: 'Look here.', anchor: position })
    expect(hint.anchor).toEqual({ position, line: 3 })
    const got = await ada.waitEvent('hint:sent')
    expect(got.anchor?.position).toBe(position)
    // The candidate resolves it on their own copy, after an insertion above it moved the line.
    const mine = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    await mine.synced()
    mine.text.insert(0, 'new first line\n')
    const abs = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(got.anchor!.position, 'base64')), mine.doc)!
    expect(mine.text.toString().slice(abs.index).startsWith('line three')).toBe(true)
    // Garbage is refused.
    expect(await ivy.cmd('hint:send', { text: 'x', anchor: 'BwcH' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await ivy.cmd('hint:send', { text: 'x', anchor: 'not base64!' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
  })

  it('refuses hints from candidates and observers and unknown tiers; nothing is sent', async () => {
    const s = await startServer()
    const { ivy, ada, olu } = await withQuestion(s)
    expect(await ada.cmd('hint:send', { text: 'self help' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await olu.cmd('hint:send', { text: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await ivy.cmd('hint:send', { tier: 19, text: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await ivy.cmd('hint:send', { text: '' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    await ivy.ok('clock:ping', { clientSentAt: 0 })
    expect([ivy, ada, olu].map((p) => p.count('hint:sent'))).toEqual([0, 0, 0])
  })

  it('"I’m stuck" notifies the interviewer only, once per cooldown', async () => {
    const s = await startServer()
    const { ivy, ada, olu } = await withQuestion(s)
    await ivy.ok('clock:start', {})
    const ack = await ada.ok('stuck:raise', {})
    const signal = await ivy.waitEvent('stuck:raised')
    expect(signal).toMatchObject({ id: ack.id, by: 'Ada', stamp: { phaseId: 'intro' } })
    expect(await ada.ok('stuck:raise', {})).toEqual(ack) // pressed again: same signal, no second notification
    expect(await ivy.cmd('stuck:raise', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await olu.cmd('stuck:raise', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await ivy.ok('clock:ping', { clientSentAt: 0 })
    expect(ivy.count('stuck:raised')).toBe(1)
    expect(ada.count('stuck:raised') + olu.count('stuck:raised')).toBe(0)
    expect((await ivy.ok('interview:sync', {})).staff?.stuck.map((x) => x.id)).toEqual([ack.id])
  })
})
