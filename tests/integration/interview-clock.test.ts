import { describe, expect, it } from 'vitest'
import { clockOffset, phaseRemainingMs, DOC, type ClockState, type Phase } from '@nudge/shared'
import { yjsClient } from '../utils/clients.ts'
import { interviewRoom, join, type Participant } from '../utils/interview.ts'
import { startServer } from '../utils/server.ts'
import { waitFor } from '../utils/wait.ts'

/** Offset of a client's clock to the server's, from the ping with the smallest round trip. */
async function measureOffset(p: Participant, localNow: () => number): Promise<number> {
  let best = { offsetMs: 0, rttMs: Infinity }
  for (let i = 0; i < 5; i++) {
    const res = await p.ok('clock:ping', { clientSentAt: localNow() })
    const sample = clockOffset(res, localNow())
    if (sample.rttMs < best.rttMs) best = sample
  }
  return best.offsetMs
}

const latestClock = (p: Participant): ClockState | undefined =>
  (p.events.filter((e) => e.event === 'clock:updated').at(-1)?.arg as { clock: ClockState } | undefined)?.clock

describe('interview clock', () => {
  it('is driven by the interviewer only and broadcast to everyone; a refused action changes nothing', async () => {
    const s = await startServer()
    const { ivy, ada, olu } = await interviewRoom(s)
    for (const p of [ada, olu]) {
      for (const name of ['clock:start', 'clock:pause', 'clock:end', 'clock:next'] as const) {
        expect(await p.cmd(name, {}), `${p.role} ${name}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      }
    }
    const started = await ivy.ok('clock:start', {})
    expect(started.clock.status).toBe('running')
    for (const p of [ivy, ada, olu]) await p.waitEvent('clock:updated', (u) => u.clock.version === started.clock.version)
    expect(await ivy.cmd('clock:resume', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await ivy.cmd('clock:configure', { phases: [{ id: 'x', kind: 'custom', label: 'X', plannedMs: 60_000 }] })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await ivy.cmd('clock:extend', { seconds: 5 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    await ivy.ok('clock:pause', {})
    await ivy.ok('clock:resume', {})
    const extended = await ivy.ok('clock:extend', { seconds: 120 })
    expect(extended.clock.runs[0]!.extendedMs).toBe(120_000)
    const next = await ivy.ok('clock:next', {})
    expect(next.clock.phaseIndex).toBe(1)
    const ended = await ivy.ok('clock:end', {})
    expect(ended.clock.status).toBe('ended')
    // Exactly one broadcast per successful change (start, pause, resume, extend, next, end).
    await ada.waitEvent('clock:updated', (u) => u.clock.status === 'ended')
    expect(ada.count('clock:updated')).toBe(6)
    expect(olu.count('clock:updated')).toBe(6)
    expect(ada.events.filter((e) => e.event === 'clock:updated').map((e) => (e.arg as { clock: ClockState }).clock.version)).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('edits the plan before the start, for everyone', async () => {
    const s = await startServer()
    const { ivy, ada } = await interviewRoom(s)
    const phases: Phase[] = [
      { id: 'warm-up', kind: 'custom', label: 'Warm-up', plannedMs: 120_000 },
      { id: 'code', kind: 'code', label: 'Code', plannedMs: 40 * 60_000 },
    ]
    await ivy.ok('clock:configure', { phases })
    expect((await ada.waitEvent('clock:updated')).clock.phases).toEqual(phases)
    expect(await ivy.cmd('clock:configure', { phases: [phases[0]!, phases[0]!] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
  })

  it('two participants with different local clocks compute the same remaining time (within 200 ms)', async () => {
    const s = await startServer()
    const { ivy, ada, olu } = await interviewRoom(s)
    // Olu's machine is five minutes fast and Ada's two minutes slow; the server's clock decides.
    const adaNow = () => Date.now() - 120_000
    const oluNow = () => Date.now() + 300_000
    const [adaOffset, oluOffset] = await Promise.all([measureOffset(ada, adaNow), measureOffset(olu, oluNow)])
    await ivy.ok('clock:start', {})
    await ivy.ok('clock:extend', { seconds: 60 })
    const a = await waitFor(() => latestClock(ada)?.version === 2 && latestClock(ada), 'ada has the clock')
    const o = await waitFor(() => latestClock(olu)?.version === 2 && latestClock(olu), 'olu has the clock')
    const adaRemaining = phaseRemainingMs(a, adaNow() + adaOffset)
    const oluRemaining = phaseRemainingMs(o, oluNow() + oluOffset)
    expect(Math.abs(adaRemaining - oluRemaining)).toBeLessThan(200)
    // …and both agree with the server's own evaluation.
    expect(Math.abs(adaRemaining - phaseRemainingMs(a, Date.now()))).toBeLessThan(200)
    expect(adaRemaining).toBeGreaterThan(5 * 60_000)
    expect(adaRemaining).toBeLessThanOrEqual(6 * 60_000)
  })

  it('warns before a phase ends, once per threshold', async () => {
    const s = await startServer()
    const { ivy, ada, olu } = await interviewRoom(s)
    await ivy.ok('clock:configure', { phases: [{ id: 'sprint', kind: 'code', label: 'Sprint', plannedMs: 31_000 }, { id: 'wrap-up', kind: 'wrap-up', label: 'Wrap-up', plannedMs: 60_000 }] })
    await ivy.ok('clock:start', {})
    for (const p of [ivy, ada, olu]) {
      const w = await p.waitEvent('clock:warning', undefined, 'the 30 s warning')
      expect(w).toMatchObject({ round: 1, phaseId: 'sprint', phaseLabel: 'Sprint', secondsLeft: 30 })
    }
    await ada.ok('clock:ping', { clientSentAt: 0 })
    expect(ada.count('clock:warning')).toBe(1)
  })

  it('survives reconnects and a server restart: same state, still counting, warnings re-armed', async () => {
    const first = await startServer({ keepData: true })
    const { room, ivy } = await interviewRoom(first)
    await ivy.ok('clock:configure', { phases: [{ id: 'sprint', kind: 'code', label: 'Sprint', plannedMs: 33_000 }, { id: 'wrap-up', kind: 'wrap-up', label: 'Wrap-up', plannedMs: 60_000 }] })
    const started = await ivy.ok('clock:start', {})
    // A reconnect gets the same clock.
    const again = join(first, room, 'candidate', 'Ada')
    expect((await again.waitEvent('interview:state')).clock).toEqual(started.clock)
    await first.stop()

    const second = await startServer({ dataDir: first.dataDir, port: first.port })
    const ada = join(second, room, 'candidate', 'Ada')
    const state = await ada.waitEvent('interview:state')
    expect(state.clock).toEqual(started.clock) // not reset: same start time, still running
    expect(phaseRemainingMs(state.clock, state.serverNow)).toBeLessThan(33_000)
    const w = await ada.waitEvent('clock:warning', undefined, 'the warning after the restart')
    expect(w.secondsLeft).toBe(30)
  })

  it('ending the session captures the code and never drops an edit', async () => {
    const s = await startServer()
    const { room, ivy } = await interviewRoom(s)
    const editor = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    const reader = yjsClient(s.wsUrl, room.id, { token: room.tokens.observer })
    await editor.synced()
    await reader.synced()
    await ivy.ok('clock:start', {})
    editor.text.insert(0, 'before the end\n')
    await waitFor(() => s.app.collab.get(room.id)?.doc.getText(DOC.text).toString() === 'before the end\n', 'server has the edit')
    await ivy.ok('clock:end', {})
    editor.text.insert(editor.text.length, 'after the end\n')
    await waitFor(() => reader.text.toString() === 'before the end\nafter the end\n', 'edits still sync after the end')
    const round = await s.app.interview.repo.round(room.id, 1)
    expect(round?.finalCode?.text).toBe('before the end\n')
    await s.app.collab.log.flush()
    const debrief = await ivy.ok('debrief:get', { round: 1, format: 'json' })
    expect(debrief.debrief.finalCode.text).toBe('before the end\nafter the end\n') // the live round shows everything
  })
})
