import { rmSync } from 'node:fs'
import { describe, expect, it, onTestFinished } from 'vitest'
import { CHAT_CALL_LIMITS } from '@nudge/shared'
import { interviewRoom, join } from '../utils/interview.ts'
import { startServer } from '../utils/server.ts'

describe('room chat', () => {
  it('reaches everyone; a private message reaches only the interviewer and the observer', async () => {
    const s = await startServer()
    const { ivy, ada, olu } = await interviewRoom(s)
    const hello = await ada.ok('chat:send', { text: 'Can you hear me? https://example.org/x' })
    expect(hello).toMatchObject({ text: 'Can you hear me? https://example.org/x', to: null, from: { name: 'Ada', role: 'candidate' } })
    for (const p of [ivy, ada, olu]) await p.waitEvent('chat:sent', (m) => m.id === hello.id)

    const oluSelf = olu.events.find((e) => e.event === 'room:state')!.arg as { you: { id: string } }
    const whisper = await ivy.ok('chat:send', { text: 'Watch how she tests edge cases', to: oluSelf.you.id })
    expect(whisper.to).toMatchObject({ id: oluSelf.you.id, role: 'observer' })
    await olu.waitEvent('chat:sent', (m) => m.id === whisper.id)
    await ivy.waitEvent('chat:sent', (m) => m.id === whisper.id)
    // The candidate's history answer comes after the whisper's broadcast, so had it been sent to
    // her it would be recorded by now.
    const adaHistory = await ada.ok('chat:history', {})
    expect(adaHistory.messages.map((m) => m.id)).toEqual([hello.id])
    expect(JSON.stringify(ada.events)).not.toContain('edge cases')
    expect((await olu.ok('chat:history', {})).messages.map((m) => m.id)).toEqual([hello.id, whisper.id])

    // The debrief shows the room's chat of the round, never a private message.
    for (const p of [ivy, ada]) {
      const { debrief } = await p.ok('debrief:get', { round: 1, format: 'json' })
      expect(debrief.chat.map((m) => m.id)).toEqual([hello.id])
    }

    // The candidate cannot whisper, and nobody can whisper to the candidate.
    const adaSelf = (ada.events.find((e) => e.event === 'room:state')!.arg as { you: { id: string } }).you.id
    expect(await ada.cmd('chat:send', { text: 'psst', to: oluSelf.you.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await ivy.cmd('chat:send', { text: 'psst', to: adaSelf })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await ivy.cmd('chat:send', { text: 'psst', to: 'nobody-here-000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('refuses oversize and empty messages and rate-limits a seat across its connections', async () => {
    const s = await startServer()
    const { room, ada } = await interviewRoom(s)
    expect(await ada.cmd('chat:send', { text: 'x'.repeat(CHAT_CALL_LIMITS.chatText + 1) })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await ada.cmd('chat:send', { text: '   ' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    // A second connection with the same invite shares the seat's budget.
    const ada2 = join(s, room, 'candidate', 'Ada again')
    await ada2.waitEvent('interview:state')
    const acks = await Promise.all(
      Array.from({ length: CHAT_CALL_LIMITS.chatBurst + 4 }, (_, i) => (i % 2 ? ada : ada2).cmd('chat:send', { text: `m${i}` })),
    )
    const limited = acks.filter((a) => !a.ok)
    expect(limited.length).toBeGreaterThanOrEqual(3)
    expect(limited[0]).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } })
    // The room is fine: another seat still talks.
    expect((await ada.ok('chat:history', {})).messages.length).toBeLessThanOrEqual(CHAT_CALL_LIMITS.chatBurst + 1)
  })

  it('survives a restart and gives late joiners the history', async () => {
    const s = await startServer({ keepData: true })
    onTestFinished(() => rmSync(s.dataDir, { recursive: true, force: true }))
    const { room, ivy } = await interviewRoom(s)
    const m = await ivy.ok('chat:send', { text: 'Share your screen when ready' })
    await s.stop()
    const s2 = await startServer({ dataDir: s.dataDir })
    const late = join(s2, room, 'observer', 'Late')
    await late.waitEvent('interview:state')
    expect((await late.ok('chat:history', {})).messages).toEqual([m])
  })
})
