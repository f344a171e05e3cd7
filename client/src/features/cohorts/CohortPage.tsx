import { useCallback, useEffect, useState } from 'react'
import { COHORT_LIMITS, QUESTION_KINDS, type ClockAllResult, type Dashboard } from '@nudge/shared'
import { Brand } from '../common/Brand.tsx'
import { ThemeToggle } from '../common/ThemeToggle.tsx'
import { ErrorPage } from '../common/ErrorPage.tsx'
import { cohortApi, takeFragmentKey, type CohortInfo } from './cohortApi.ts'
import { RosterPanel } from './RosterPanel.tsx'
import { RoomsBoard } from './RoomsBoard.tsx'
import { LoopsPanel } from './LoopsPanel.tsx'
import './cohorts.css'

/** How often the dashboard refreshes (one request: every room of the round at once). */
const REFRESH_MS = 2_000

/** The organizer's page, `/c/<id>` with the organizer link: roster, rotation, live dashboard, broadcasts, exports. */
export default function CohortPage({ cohortId }: { cohortId: string }) {
  const [key] = useState(() => takeFragmentKey(`nudge:cohort:${cohortId}`))
  const [api] = useState(() => (key ? cohortApi(cohortId, key) : null))
  const [info, setInfo] = useState<CohortInfo | null>(null)
  const [board, setBoard] = useState<Dashboard | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [rounds, setRounds] = useState(3)
  const [kind, setKind] = useState<string>('coding')
  const [text, setText] = useState('')
  const [swapA, setSwapA] = useState('')
  const [swapB, setSwapB] = useState('')

  const reload = useCallback(async () => {
    if (!api) return
    try {
      setInfo(await api.info())
    } catch (err) {
      setError((err as Error).message)
    }
  }, [api])
  useEffect(() => void reload(), [reload])

  const running = info?.session && info.session.current <= info.session.rounds.length ? info.session : null
  useEffect(() => {
    if (!api || !running) return
    let stop = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = async () => {
      try {
        const d = await api.dashboard()
        if (!stop) setBoard(d)
      } catch {
        /* keep the last board; the next tick retries */
      }
      if (!stop) timer = setTimeout(tick, REFRESH_MS)
    }
    void tick()
    return () => {
      stop = true
      clearTimeout(timer)
    }
  }, [api, running?.id, running?.current])

  const act = async <T,>(fn: () => Promise<T>, done?: string | ((result: T) => string)) => {
    try {
      const result = await fn()
      setNotice(typeof done === 'function' ? done(result) : (done ?? null))
      await reload()
    } catch (err) {
      setNotice((err as Error).message)
    }
  }

  if (!api) return <ErrorPage title="This organizer link is incomplete">Open the full organizer link (it ends with <code>#key=…</code>).</ErrorPage>
  if (error && !info) return <ErrorPage title="This cohort cannot be opened">{error}</ErrorPage>
  if (!info) return null
  return (
    <div className="page cohort-page">
      <header className="topbar">
        <Brand />
        <span className="topbar-note">
          Cohort <strong>{info.name}</strong> · {info.students.length} students
        </span>
        <ThemeToggle />
      </header>
      <main className="cohort-main" id="main">
        <h1 className="visually-hidden">{info.name}</h1>
        {notice && <p role="status" className="cohort-notice">{notice}</p>}
        {running && board ? (
          <>
            <section className="card cohort-panel cohort-controls" aria-label="Round controls">
              <button className="button primary" type="button" onClick={() => act(() => api.advance(running.id), running.current === running.rounds.length ? 'Session finished.' : `Round ${running.current + 1} started.`)}>
                {running.current === running.rounds.length ? 'Finish the session' : `Start round ${running.current + 1}`}
              </button>
              <form className="broadcast-form" onSubmit={(e) => {
                e.preventDefault()
                void act(() => api.broadcast('message', text), 'Sent to every room.').then(() => setText(''))
              }}>
                <input aria-label="Message to every room" maxLength={COHORT_LIMITS.broadcastText} value={text} placeholder="Message to every room" onChange={(e) => setText(e.target.value)} />
                <button className="button secondary" type="submit" disabled={!text.trim()}>Send</button>
                <button className="button ghost" type="button" onClick={() => act(() => api.broadcast('five-minutes'), '“5 minutes left” sent.')}>5 minutes left</button>
              </form>
              <div className="cohort-actions" role="group" aria-label="Every clock of this round">
                <button className="button secondary" type="button" onClick={() => act(() => api.clocks('start'), clockSummary)}>Start all clocks</button>
                <button className="button ghost" type="button" onClick={() => act(() => api.clocks('pause'), clockSummary)}>Pause all clocks</button>
              </div>
              <form className="cohort-actions swap-form" aria-label="Swap two students" onSubmit={(e) => {
                e.preventDefault()
                const name = (sid: string) => info.students.find((s) => s.id === sid)?.name ?? sid
                void act(() => api.swap(running.id, swapA, swapB), `Swapped ${name(swapA)} and ${name(swapB)} from this round on.`).then(() => {
                  setSwapA('')
                  setSwapB('')
                })
              }}>
                <span>Swap</span>
                <StudentSelect label="First student" value={swapA} onChange={setSwapA} students={info.students} />
                <StudentSelect label="Second student" value={swapB} onChange={setSwapB} students={info.students} />
                <button className="button ghost" type="submit" disabled={!swapA || !swapB || swapA === swapB}>Swap</button>
              </form>
              {running.repeats > 0 && <p className="muted small">{running.repeats} pairs meet again: every distinct pairing was used up.</p>}
            </section>
            <RoomsBoard data={board} onAbsent={(student, name) => void act(async () => {
              await api.absent(running.id, student)
              setBoard(await api.dashboard())
            }, `${name} is marked absent from this round on.`)} />
          </>
        ) : (
          <section className="card cohort-panel" aria-labelledby="start-h">
            <h2 id="start-h">{info.session ? 'Start another session' : 'Start a rotation'}</h2>
            <div className="cohort-actions">
              <label>
                Rounds{' '}
                <input type="number" min={1} max={COHORT_LIMITS.roundsPerSession} value={rounds} onChange={(e) => setRounds(Number(e.target.value))} />
              </label>
              <label>
                Kind{' '}
                <select value={kind} onChange={(e) => setKind(e.target.value)}>
                  {QUESTION_KINDS.map((k) => <option key={k} value={k}>{k}</option>)}
                </select>
              </label>
              <button className="button primary" type="button" disabled={info.students.length < 2 || info.ended} onClick={() => act(() => api.start({ rounds, kind }), 'Round 1 started: students can open their links.')}>
                Start round 1
              </button>
            </div>
            {info.students.length < 2 && <p className="muted small">Import at least two students first.</p>}
          </section>
        )}
        <section className="card cohort-panel cohort-actions" aria-label="Exports">
          <span>Scorecards and self-assessments:</span>
          <button className="button ghost small" type="button" disabled={!info.session} onClick={() => act(() => api.download('csv'))}>Export CSV</button>
          <button className="button ghost small" type="button" disabled={!info.session} onClick={() => act(() => api.download('json'))}>Export JSON</button>
        </section>
        <LoopsPanel api={api} students={info.students} ended={info.ended} />
        <RosterPanel
          students={info.students}
          absent={running?.absent}
          onAbsent={running ? (student) => void act(() => api.absent(running.id, student), 'Marked absent from this round on.') : undefined}
          onImport={async (csv) => {
          const { added } = await api.importCsv(csv)
          await reload()
          return added
        }} />
      </main>
    </div>
  )
}

/** One line for the notice: how many clocks changed, and why others did not. */
function clockSummary(r: ClockAllResult): string {
  const verb = r.action === 'start' ? 'started' : 'paused'
  const others = new Map<string, number>()
  for (const room of r.rooms) if (room.outcome !== 'changed') others.set(room.message, (others.get(room.message) ?? 0) + 1)
  const rest = [...others].map(([m, n]) => `${n} ${n === 1 ? 'room' : 'rooms'}: ${m}`).join(' ')
  return `${r.changed} of ${r.rooms.length} clocks ${verb}.${rest ? ` ${rest}` : ''}`
}

function StudentSelect({ label, value, onChange, students }: { label: string; value: string; onChange: (id: string) => void; students: { id: string; name: string }[] }) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{label}…</option>
      {students.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
    </select>
  )
}
