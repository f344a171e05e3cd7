import { useCallback, useEffect, useId, useState } from 'react'
import { LOOP_STAGE_LABEL, type LoopPacket, type LoopStageView, type LoopView, type TakeHomeSubmission } from '@nudge/shared'
import { Brand } from '../common/Brand.tsx'
import { ErrorPage } from '../common/ErrorPage.tsx'
import { ThemeToggle } from '../common/ThemeToggle.tsx'
import { CopyButton } from '../landing/CopyButton.tsx'
import { takeFragmentKey } from '../cohorts/cohortApi.ts'
import { sameOriginHref } from '../../lib/route.ts'
import { loopApi } from './loopApi.ts'
import { PacketView } from './PacketView.tsx'
import { ReviewCommentsPanel } from './ReviewComments.tsx'
import './loops.css'

const POLL_MS = 10_000
const STATUS_LABEL: Record<LoopStageView['status'], string> = { 'not-started': 'Not started', 'in-progress': 'In progress', done: 'Done' }

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
function untilText(ms: number, now: number): string {
  const left = ms - now
  const h = Math.round(Math.abs(left) / 3_600_000)
  const span = h >= 48 ? `${Math.round(h / 24)} days` : h >= 1 ? `${h} h` : `${Math.max(1, Math.round(Math.abs(left) / 60_000))} min`
  return left >= 0 ? `in ${span}` : `${span} ago`
}

/**
 * A loop's one page, for whoever holds a link to it: the stages in order with their state and the
 * holder's own way into each (the candidate's seat, an interviewer's, the owner watching), the
 * take-home's deadline and submission, and each finished stage's debrief.
 */
export default function LoopPage({ loopId }: { loopId: string }) {
  const [key] = useState(() => takeFragmentKey(`nudge:loop:${loopId}`))
  const [loop, setLoop] = useState<LoopView | null>(null)
  const [error, setError] = useState<{ message: string; status: number } | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [now, setNow] = useState(() => Date.now())
  const [packet, setPacket] = useState<LoopPacket | null>(null)
  const api = key ? loopApi(loopId, key) : null

  const refresh = useCallback(async () => {
    if (!key) return
    try {
      setLoop(await loopApi(loopId, key).view())
      setError(null)
      setNow(Date.now())
    } catch (err) {
      setError({ message: (err as Error).message, status: (err as { status?: number }).status ?? 0 })
    }
  }, [loopId, key])

  useEffect(() => {
    void refresh()
    // Stages move on in their rooms; the page follows without a reload.
    const timer = setInterval(() => void refresh(), POLL_MS)
    return () => clearInterval(timer)
  }, [refresh])

  if (!key) return <ErrorPage title="This link is incomplete">Open the full loop link you were sent.</ErrorPage>
  if (error && !loop) {
    return <ErrorPage title={error.status === 401 || error.status === 403 ? 'This link does not work' : 'The loop could not be loaded'}>{error.message}</ErrorPage>
  }
  if (!loop) {
    return (
      <div className="page">
        <main className="loop-main" id="main"><p className="muted" role="status">Loading the loop…</p></main>
      </div>
    )
  }

  const submit = async (n: number) => {
    if (!api || !window.confirm('Submit the take-home now? Its code is frozen as it is; you can keep editing the room, but the submission will not change.')) return
    try {
      const sub = await api.submit(n)
      setNotice(sub.late ? 'Submitted — after the deadline, so it is marked late.' : 'Submitted. Your interviewer can read it now.')
      await refresh()
    } catch (err) {
      setNotice((err as Error).message)
    }
  }
  const openPacket = async () => {
    if (!api) return
    if (packet) return setPacket(null)
    try {
      setPacket(await api.packet())
    } catch (err) {
      setNotice((err as Error).message)
    }
  }
  const sharePacket = async () => {
    if (!api || !window.confirm(`Share the packet with ${loop.candidate}? They will see every stage's scores, summaries and decisions (never private notes).`)) return
    try {
      await api.sharePacket()
      await refresh()
      if (packet) setPacket(await api.packet())
    } catch (err) {
      setNotice((err as Error).message)
    }
  }
  const close = async () => {
    if (!api || !window.confirm('Close the loop? Nothing more can be submitted and stages not done stay closed.')) return
    try {
      await api.close()
      await refresh()
    } catch (err) {
      setNotice((err as Error).message)
    }
  }

  return (
    <div className="page">
      <header className="topbar">
        <Brand />
        <span className="topbar-note">{loop.viewer.role === 'candidate' ? 'Your loop' : loop.viewer.role === 'interviewer' ? `Interviewing as ${loop.viewer.name}` : 'Owner'}</span>
        <ThemeToggle />
      </header>
      <main className="loop-main" id="main">
        <section className="card loop-card" aria-labelledby="loop-title" data-testid="loop-page">
          <h1 id="loop-title">{loop.title}</h1>
          <p className="muted">
            {loop.candidate}{loop.target ? ` · ${loop.target}` : ''}
            {loop.closedAt !== null && <strong> · Closed {when(loop.closedAt)}</strong>}
          </p>
          {notice && <p className="alert info" role="status">{notice}</p>}
          {error && <p className="alert error" role="alert">{error.message}</p>}
          <ol className="loop-stages">
            {loop.stages.map((s) => (
              <Stage key={s.n} stage={s} viewer={loop.viewer.role} now={now} onSubmit={() => void submit(s.n)} api={api} onDecided={() => void refresh()}
                takeHome={[...loop.stages].reverse().find((x) => x.kind === 'take-home' && x.n < s.n)?.n ?? null} />
            ))}
          </ol>
          <div className="loop-actions loop-packet-actions">
            {(loop.viewer.role !== 'candidate' || loop.packetSharedAt !== null) && (
              <button type="button" className="button" aria-expanded={packet !== null} onClick={() => void openPacket()} data-testid="open-packet">
                {packet ? 'Hide the packet' : 'Open the packet'}
              </button>
            )}
            {loop.viewer.role !== 'candidate' && loop.packetSharedAt === null && (
              <button type="button" className="button ghost" onClick={() => void sharePacket()}>Share the packet with {loop.candidate}</button>
            )}
            {loop.viewer.role === 'candidate' && loop.packetSharedAt === null && (
              <p className="muted small">Your packet — scores, summaries and each interviewer's decision across the stages — appears here once your interviewers share it.</p>
            )}
            {loop.viewer.role !== 'candidate' && loop.packetSharedAt !== null && <span className="muted small">Shared with {loop.candidate}.</span>}
          </div>
          {packet && <PacketView packet={packet} />}
          {loop.links && <OwnerLinks links={loop.links} />}
          {loop.viewer.role === 'owner' && loop.closedAt === null && (
            <button type="button" className="button danger" onClick={() => void close()}>Close the loop</button>
          )}
        </section>
      </main>
    </div>
  )
}

function Stage({ stage: s, viewer, now, onSubmit, api, onDecided, takeHome: reviewed }: {
  stage: LoopStageView; viewer: LoopView['viewer']['role']; now: number; onSubmit: () => void; api: ReturnType<typeof loopApi> | null; onDecided: () => void; takeHome: number | null
}) {
  const [code, setCode] = useState<TakeHomeSubmission | null>(null)
  const [codeError, setCodeError] = useState<string | null>(null)
  const headingId = useId()
  const takeHome = s.kind === 'take-home'
  return (
    <li className={`loop-stage status-${s.status}`} aria-labelledby={headingId} data-testid="loop-stage">
      <div className="loop-stage-head">
        <h2 id={headingId}>
          <span className="loop-stage-n">{s.n}</span> {LOOP_STAGE_LABEL[s.kind]}
        </h2>
        <span className={`loop-status status-${s.status}`} data-testid="loop-status">{STATUS_LABEL[s.status]}</span>
      </div>
      <p className="loop-stage-meta">
        {s.question ?? (takeHome ? null : viewer === 'candidate' ? 'Question revealed in the room' : 'Question picked in the room')}
        {s.interviewer && <> · with {s.interviewer}</>}
        {s.minutes && <> · {s.minutes} min</>}
      </p>
      {takeHome && s.deadlineAt !== null && (
        <p className={`loop-deadline${!s.submission && now > s.deadlineAt ? ' overdue' : ''}`}>
          Due {when(s.deadlineAt)} ({untilText(s.deadlineAt, now)})
          {s.submission && <> · submitted {when(s.submission.submittedAt)}{s.submission.late && <strong className="late"> · late</strong>}</>}
        </p>
      )}
      {s.waiting && <p className="muted small">{s.waiting}</p>}
      <div className="loop-actions">
        {s.room && s.status !== 'done' && (
          <a className="button primary small" href={sameOriginHref(s.room.url)}>
            {takeHome ? 'Work on it' : s.room.role === 'interviewer' ? 'Open the room (interviewer)' : s.room.role === 'observer' ? 'Watch' : 'Join the room'}
          </a>
        )}
        {takeHome && viewer === 'candidate' && s.open && !s.submission && (
          <button type="button" className="button small" onClick={onSubmit}>Submit the take-home</button>
        )}
        {takeHome && s.submission && api && (
          <button type="button" className="button small ghost" aria-expanded={code !== null} onClick={() => {
            if (code) return setCode(null)
            api.submission(s.n).then(setCode, (err: Error) => setCodeError(err.message))
          }}>
            {code ? 'Hide the submission' : 'Read the submission'}
          </button>
        )}
        {s.debrief && <a className="button small ghost" href={sameOriginHref(s.debrief)}>Debrief</a>}
      </div>
      {codeError && <p className="error-text" role="alert">{codeError}</p>}
      {s.decision && (
        <p className={`decision-line ${s.decision.advance ? 'advance' : 'not'}`} data-testid="loop-decision">
          <strong>{s.decision.by}: {s.decision.advance ? 'would advance' : 'would not advance'}</strong> — {s.decision.reason}
        </p>
      )}
      {s.kind === 'take-home-review' && s.open && api && reviewed !== null && <ReviewCommentsPanel n={s.n} takeHome={reviewed} reviewer={s.yours} api={api} />}
      {s.yours && s.status === 'done' && api && <DecisionForm n={s.n} current={s.decision} api={api} onSaved={onDecided} />}
      {code && (
        <figure className="loop-submission">
          <figcaption>Submitted {when(code.submittedAt)} · {code.language}{code.late ? ' · late' : ''}</figcaption>
          <pre className="mono" tabIndex={0}><code>{code.code || '(empty)'}</code></pre>
        </figure>
      )}
    </li>
  )
}

function DecisionForm({ n, current, api, onSaved }: { n: number; current: LoopStageView['decision']; api: ReturnType<typeof loopApi>; onSaved: () => void }) {
  const id = useId()
  const [advance, setAdvance] = useState<boolean | null>(current?.advance ?? null)
  const [reason, setReason] = useState(current?.reason ?? '')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <form className="loop-decision-form" onSubmit={(e) => {
      e.preventDefault()
      if (advance === null) return setError('Choose would advance or would not.')
      setBusy(true)
      api.decide(n, { advance, reason }).then(() => { setError(null); onSaved() }, (err: Error) => setError(err.message)).finally(() => setBusy(false))
    }}>
      <fieldset>
        <legend>{current ? 'Your decision (you can change it)' : 'Your decision on this stage'}</legend>
        <label><input type="radio" name={`${id}-d`} checked={advance === true} onChange={() => setAdvance(true)} /> Would advance</label>
        <label><input type="radio" name={`${id}-d`} checked={advance === false} onChange={() => setAdvance(false)} /> Would not advance</label>
      </fieldset>
      <label htmlFor={`${id}-why`} className="visually-hidden">Why</label>
      <textarea id={`${id}-why`} rows={2} maxLength={2000} required value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why, in a sentence or two" />
      {error && <p className="error-text" role="alert">{error}</p>}
      <button type="submit" className="button small" disabled={busy} aria-busy={busy}>Save the decision</button>
    </form>
  )
}

function OwnerLinks({ links }: { links: NonNullable<LoopView['links']> }) {
  const id = useId()
  const rows = [{ ...links.candidate, role: 'candidate' }, ...links.interviewers.map((i) => ({ ...i, role: 'interviewer' }))]
  return (
    <details className="loop-owner-links">
      <summary>Everyone's links</summary>
      <ul className="invites">
        {rows.map((r, n) => (
          <li key={r.link} className="invite">
            <label htmlFor={`${id}-${n}`} className="invite-role">{r.name} ({r.role})</label>
            <div className="invite-row">
              <input id={`${id}-${n}`} className="mono" type="text" readOnly value={r.link} onFocus={(e) => e.currentTarget.select()} />
              <CopyButton text={r.link} inputId={`${id}-${n}`} what={`${r.name}'s link`} />
            </div>
          </li>
        ))}
      </ul>
    </details>
  )
}
