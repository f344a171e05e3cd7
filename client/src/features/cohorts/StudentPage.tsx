import { useEffect, useState } from 'react'
import type { StudentLoops, StudentWhere } from '@nudge/shared'
import { ErrorPage } from '../common/ErrorPage.tsx'
import { Brand } from '../common/Brand.tsx'
import { ThemeToggle } from '../common/ThemeToggle.tsx'
import { sameOriginHref } from '../../lib/route.ts'
import { studentLoops, studentWhere, takeFragmentKey } from './cohortApi.ts'
import './cohorts.css'

const POLL_MS = 5_000

/**
 * A student's personal link: it leads to their room and role of the current round, or waits
 * (polling) for the next round. One link for the whole day.
 */
export default function StudentPage({ cohortId }: { cohortId: string }) {
  const [key] = useState(() => takeFragmentKey(`nudge:student:${cohortId}`))
  const [where, setWhere] = useState<StudentWhere | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loops, setLoops] = useState<StudentLoops['loops']>([])
  useEffect(() => {
    // The loops the organizer assigned this student: their own candidate links only.
    if (key) studentLoops(cohortId, key).then((r) => setLoops(r.loops), () => {})
  }, [cohortId, key])
  useEffect(() => {
    if (!key) return
    let stop = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const check = async () => {
      try {
        const w = await studentWhere(cohortId, key)
        if (stop) return
        if (w.status === 'room') {
          window.location.assign(sameOriginHref(w.roomUrl))
          return
        }
        setWhere(w)
        setError(null)
        if (w.status === 'waiting') timer = setTimeout(check, POLL_MS)
      } catch (err) {
        if (stop) return
        setError((err as Error).message)
        const status = (err as { status?: number }).status
        if (status !== 401 && status !== 403) timer = setTimeout(check, POLL_MS)
      }
    }
    void check()
    return () => {
      stop = true
      clearTimeout(timer)
    }
  }, [cohortId, key])

  if (!key) return <ErrorPage title="This link is incomplete">Open the full personal link your organizer sent you.</ErrorPage>
  if (error && !where) return <ErrorPage title="This link does not work">{error}</ErrorPage>
  return (
    <div className="page">
      <header className="topbar">
        <Brand />
        <ThemeToggle />
      </header>
      <main className="center-main" id="main">
        <section className="card narrow" aria-labelledby="student-title" data-testid="student-page">
          {!where ? (
            <h1 id="student-title">Finding your room…</h1>
          ) : where.status === 'ended' ? (
            <>
              <h1 id="student-title">{where.cohort} has ended</h1>
              <p className="muted">Thanks, {where.name}. Your organizer will share the results.</p>
            </>
          ) : where.status === 'waiting' ? (
            <>
              <h1 id="student-title">Waiting for the next round</h1>
              <p className="muted">
                Hi {where.name} ({where.cohort}). {where.message}
              </p>
            </>
          ) : (
            <h1 id="student-title">Opening your room…</h1>
          )}
          {error && <p className="error-text" role="alert">{error}</p>}
          {loops.length > 0 && (
            <div data-testid="student-loops">
              <h2>Your interview loops</h2>
              <ul className="student-loops">
                {loops.map((l) => (
                  <li key={l.loopId}>
                    <a className="button secondary" href={sameOriginHref(l.link)}>{l.title}{l.target ? ` · ${l.target}` : ''}</a>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
      </main>
    </div>
  )
}
