import { useInterview } from '../InterviewContext.tsx'
import { HintComposer } from './HintComposer.tsx'
import { HintList } from './HintList.tsx'

export function HintsPanel() {
  const { state, snap, role } = useInterview()
  if (role !== 'interviewer') return <HintList hints={state.hints} heading="Hints received" />
  const stuck = snap.staff?.stuck ?? []
  return (
    <>
      {stuck.length > 0 && (
        <p className="stuck-summary small">
          The candidate pressed “I’m stuck” {stuck.length === 1 ? 'once' : `${stuck.length} times`} this round.
        </p>
      )}
      <HintComposer />
      <HintList hints={state.hints} heading="Sent" />
    </>
  )
}
