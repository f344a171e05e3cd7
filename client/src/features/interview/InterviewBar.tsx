import { ClockControls } from './clock/ClockControls.tsx'
import { ClockDisplay } from './clock/ClockDisplay.tsx'
import { clockView } from './clock/format.ts'
import { PhaseBar } from './clock/PhaseBar.tsx'
import { useServerNow } from './clock/useServerNow.ts'
import { WarningPill } from './clock/WarningPill.tsx'
import { BroadcastPill } from './BroadcastPill.tsx'
import { StuckAlerts } from './hints/StuckAlerts.tsx'
import { StuckButton } from './hints/StuckButton.tsx'
import { useInterview } from './InterviewContext.tsx'
import { KIND_LABELS } from './kinds.ts'
import { RoundEnded } from './RoundEnded.tsx'
import type { SidebarTab } from './tabs.ts'

/** The interview's top bar: round, phases, the clock and what each role can do with it. */
export function InterviewBar({ onTab }: { onTab: (tab: SidebarTab) => void }) {
  const { state, snap, role } = useInterview()
  const clock = state.clock
  const now = useServerNow(clock, snap.offsetMs)
  const view = clockView(clock, now)
  const ended = clock.status === 'ended'
  return (
    <section className={`interview-bar urgency-${view.urgency}`} aria-label="Interview clock">
      <div className="bar-main">
        <div className="round-info">
          <span className="round-n">Round {state.round.n}</span>
          <span className={`kind-badge kind-${state.round.kind}`}>{KIND_LABELS[state.round.kind]}</span>
          <span className="round-question" title={state.round.question?.title}>
            {state.round.question?.title ?? (role === 'interviewer' ? 'Pick a question to begin' : 'Waiting for a question')}
          </span>
        </div>
        <PhaseBar clock={clock} progress={view.progress} />
        <ClockDisplay clock={clock} now={now} />
      </div>
      <div className="bar-actions">
        {ended ? (
          <RoundEnded onTab={onTab} />
        ) : role === 'interviewer' ? (
          <ClockControls clock={clock} />
        ) : role === 'candidate' ? (
          <StuckButton />
        ) : (
          <span className="muted small">Observing this round</span>
        )}
        <div className="bar-alerts">
          {role === 'interviewer' && !ended && <StuckAlerts onOpenHints={() => onTab('hints')} />}
          {!ended && <WarningPill />}
          <BroadcastPill />
        </div>
      </div>
    </section>
  )
}
