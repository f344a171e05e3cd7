import type {
  ClarifyItem, ClockUpdate, CohortBroadcast, ClockWarning, InterviewState, Note, QuestionSummary, RoundInfo, Role, ServerToClientEvents,
  RoomSettings, SentHint, StaffState, chatCallEvents,
} from '@nudge/shared'
import { DEFAULT_ROOM_SETTINGS } from '@nudge/shared'
import { formatMinutes } from '../lib/duration.ts'

/** Chat and call events are handled by their own clients (features/call). */
type ChatCallEventName = keyof typeof chatCallEvents
/** Run events are folded by the runner's own store (features/runner/runs.ts). */
export type InterviewEventName = Exclude<keyof ServerToClientEvents, 'room:state' | 'presence:updated' | `run:${string}` | `loop:${string}` | ChatCallEventName>
export type InterviewEventArg<K extends InterviewEventName> = Parameters<ServerToClientEvents[K]>[0]
export type InterviewEvent = { [K in InterviewEventName]: { name: K; arg: InterviewEventArg<K> } }[InterviewEventName]

export interface Announcement {
  seq: number
  text: string
}

/** What the interview UI renders; replaced (never mutated) on every change. */
export interface InterviewView {
  /** Null until the server's first `interview:state`. */
  state: InterviewState | null
  /** The round interviewer's private view; null for everyone else. */
  staff: StaffState | null
  /** The last phase warning, until the phase or the round changes. */
  warning: ClockWarning | null
  /** "I'm stuck" signals the interviewer has not dismissed. */
  stuckAlerts: string[]
  /** Hints that arrived while the hints tab was not open (for its badge). */
  unreadHints: number
  /** The latest thing worth saying out loud (aria-live); `seq` changes for each. */
  announcement: Announcement | null
  /** A staff view that arrived before the round state it belongs to (snapshots are unordered). */
  pendingStaff: StaffState | null
  /** The cohort organizer's latest message to every room (cohort rooms only), until dismissed. */
  broadcast: CohortBroadcast | null
  /** The room's settings (e.g. pause the clock when the interviewer drops), sent on connect. */
  settings: RoomSettings
}

export const EMPTY_VIEW: InterviewView = {
  state: null, staff: null, warning: null, stuckAlerts: [], unreadHints: 0, announcement: null, pendingStaff: null, broadcast: null,
  settings: DEFAULT_ROOM_SETTINGS,
}

const upsert = <T extends { id: string }>(list: readonly T[], item: T): T[] => {
  const i = list.findIndex((x) => x.id === item.id)
  if (i === -1) return [...list, item]
  const next = list.slice()
  next[i] = item
  return next
}

const upsertRound = (rounds: readonly RoundInfo[], r: RoundInfo): RoundInfo[] => {
  const i = rounds.findIndex((x) => x.n === r.n)
  if (i === -1) return [...rounds, r].sort((a, b) => a.n - b.n)
  const next = rounds.slice()
  next[i] = r
  return next
}

function say(view: InterviewView, text: string | null): InterviewView {
  if (!text) return view
  return { ...view, announcement: { seq: (view.announcement?.seq ?? 0) + 1, text } }
}

/** What a clock change means in words, or null for changes nobody needs to hear. */
export function describeClockChange(before: ClockUpdate['clock'] | null, after: ClockUpdate['clock']): string | null {
  if (!before || before.version >= after.version) return null
  const phase = after.phases[after.phaseIndex]!
  const planned = formatMinutes(phase.plannedMs + (after.runs[after.phaseIndex]?.extendedMs ?? 0))
  if (after.status === 'ended' && before.status !== 'ended') return 'The round has ended.'
  if (before.status === 'idle' && after.status === 'running') return `Clock started. Phase: ${phase.label}, ${planned}.`
  if (before.phaseIndex !== after.phaseIndex) return `Next phase: ${phase.label}, ${planned}.`
  if (before.status === 'running' && after.status === 'paused') return 'Clock paused.'
  if (before.status === 'paused' && after.status === 'running') return 'Clock resumed.'
  const extBefore = before.runs[before.phaseIndex]?.extendedMs ?? 0
  const extAfter = after.runs[after.phaseIndex]?.extendedMs ?? 0
  if (extAfter > extBefore) return `${formatMinutes(extAfter - extBefore)} added to ${phase.label}.`
  if (after.status === 'idle' && before.phases !== after.phases) return `Plan updated: ${after.phases.length} phases, ${formatMinutes(after.phases.reduce((n, p) => n + p.plannedMs, 0))}.`
  return null
}

export function describeWarning(w: ClockWarning): string {
  if (w.secondsLeft === 0) return `Time is up for ${w.phaseLabel}.`
  if (w.secondsLeft >= 60) return `${w.secondsLeft / 60} minutes left in ${w.phaseLabel}.`
  return `${w.secondsLeft} seconds left in ${w.phaseLabel}.`
}

const ROLE_WORD: Record<Role, string> = { interviewer: 'the interviewer', candidate: 'the candidate', observer: 'an observer' }

/**
 * Applies one server notification. Events for another round than the one shown are ignored
 * (they can only be late), and clock updates older than the shown version too.
 */
export function applyEvent(view: InterviewView, ev: InterviewEvent): InterviewView {
  const st = view.state
  const sameRound = (round: number) => st !== null && st.round.n === round
  switch (ev.name) {
    case 'interview:state': {
      const roundChanged = st !== null && st.round.n !== ev.arg.round.n
      const staff = ev.arg.role === 'interviewer' ? ([view.staff, view.pendingStaff].find((x) => x?.round === ev.arg.round.n) ?? null) : null
      const next = {
        ...view,
        state: ev.arg,
        staff,
        pendingStaff: null,
        warning: roundChanged ? null : view.warning,
        stuckAlerts: roundChanged || ev.arg.role !== 'interviewer' ? [] : view.stuckAlerts,
        unreadHints: roundChanged ? 0 : view.unreadHints,
      }
      return staff && staff !== view.staff ? missedStuck(next, staff) : next
    }
    case 'staff:state':
      if (st && st.round.n > ev.arg.round) return view
      // Ahead of our round state, or for a role we don't have yet: keep it until that state arrives.
      if (!st || st.role !== 'interviewer' || st.round.n !== ev.arg.round) return { ...view, pendingStaff: ev.arg }
      return missedStuck({ ...view, staff: ev.arg }, ev.arg)
    case 'round:started': {
      if (!st) return view
      if (st.round.n >= ev.arg.n) return { ...view, state: { ...st, rounds: upsertRound(st.rounds, ev.arg) } }
      // The new round's own state follows; until then show nothing of the old one as current.
      return say(
        {
          ...view,
          state: {
            ...st, round: ev.arg, rounds: upsertRound(st.rounds, ev.arg), question: null, hints: [], clarifications: [],
            selfAssessment: null, sharedScorecard: null, behavioral: null,
          },
          staff: null, warning: null, stuckAlerts: [], unreadHints: 0,
        },
        `Round ${ev.arg.n} started${ev.arg.question ? `: ${ev.arg.question.title}` : ''}.`,
      )
    }
    case 'role:changed':
      if (!st) return view
      return say(
        { ...view, state: { ...st, role: ev.arg.role }, staff: ev.arg.role === 'interviewer' ? view.staff : null },
        `Roles swapped: you are now ${ROLE_WORD[ev.arg.role]}.`,
      )
    case 'question:picked': {
      if (!st || !sameRound(ev.arg.round)) return view
      const { id, title, kind, difficulty, tags } = ev.arg.question
      const summary: QuestionSummary = { id, title, kind, difficulty, tags }
      const round = { ...st.round, kind, question: summary }
      const changed = st.question?.id !== id
      return say(
        { ...view, state: { ...st, question: ev.arg.question, round, rounds: upsertRound(st.rounds, round) } },
        changed && st.role !== 'interviewer' ? `Question: ${title}.` : null,
      )
    }
    case 'question:briefed':
      if (!view.staff || view.staff.round !== ev.arg.round) return view
      return { ...view, staff: { ...view.staff, question: ev.arg.question } }
    case 'question:created':
      if (!view.staff) return view
      return { ...view, staff: { ...view.staff, customQuestions: upsert(view.staff.customQuestions, ev.arg) } }
    case 'clock:updated': {
      if (!st || !sameRound(ev.arg.round) || ev.arg.clock.version < st.clock.version) return view
      if (ev.arg.clock.version === st.clock.version && ev.arg.clock === st.clock) return view
      const phaseMoved = ev.arg.clock.phaseIndex !== st.clock.phaseIndex || ev.arg.clock.status !== st.clock.status
      const ended = ev.arg.clock.status === 'ended'
      const round = ended && st.round.endedAt === null ? { ...st.round, endedAt: ev.arg.clock.endedAt } : st.round
      const next: InterviewView = {
        ...view,
        state: { ...st, clock: ev.arg.clock, round, rounds: upsertRound(st.rounds, round) },
        warning: phaseMoved || ev.arg.clock.runs[ev.arg.clock.phaseIndex]?.extendedMs !== st.clock.runs[st.clock.phaseIndex]?.extendedMs ? null : view.warning,
      }
      const change = describeClockChange(st.clock, ev.arg.clock)
      // Picking a question also replaces the plan: say both, or the plan would talk over the title.
      const last = view.announcement?.text
      return say(next, change?.startsWith('Plan updated') && last?.startsWith('Question:') ? `${last} ${change}` : change)
    }
    case 'clock:warning':
      if (!st || !sameRound(ev.arg.round) || ev.arg.phaseIndex !== st.clock.phaseIndex) return view
      return say({ ...view, warning: ev.arg }, describeWarning(ev.arg))
    case 'hint:sent': {
      if (!st || !sameRound(ev.arg.round) || st.hints.some((h) => h.id === ev.arg.id)) return view
      const mine = st.role === 'interviewer'
      return say(
        { ...view, state: { ...st, hints: [...st.hints, ev.arg] }, unreadHints: mine ? view.unreadHints : view.unreadHints + 1 },
        mine ? 'Hint sent.' : `New hint${ev.arg.anchor?.line ? ` at line ${ev.arg.anchor.line}` : ''}: ${ev.arg.text}`,
      )
    }
    case 'stuck:raised': {
      if (!view.staff || view.staff.round !== ev.arg.round || view.staff.stuck.some((s) => s.id === ev.arg.id)) return view
      return say(
        { ...view, staff: { ...view.staff, stuck: [...view.staff.stuck, ev.arg] }, stuckAlerts: [...view.stuckAlerts, ev.arg.id] },
        `${ev.arg.by} pressed “I’m stuck”.`,
      )
    }
    case 'clarify:asked':
    case 'clarify:answered':
    case 'clarify:pinned': {
      if (!st || !sameRound(ev.arg.round)) return view
      const before = st.clarifications.find((c) => c.id === ev.arg.id)
      const next = { ...view, state: { ...st, clarifications: upsert(st.clarifications, ev.arg) } }
      return say(next, describeClarify(ev.name, before, ev.arg, st.role))
    }
    case 'note:added':
      if (!view.staff || view.staff.round !== ev.arg.round) return view
      return { ...view, staff: { ...view.staff, notes: upsert<Note>(view.staff.notes, ev.arg) } }
    case 'scorecard:saved':
      if (!view.staff || view.staff.round !== ev.arg.round) return view
      return { ...view, staff: { ...view.staff, scorecard: ev.arg } }
    case 'scorecard:shared':
      if (!st || !sameRound(ev.arg.round)) return view
      return say(
        {
          ...view,
          state: { ...st, sharedScorecard: ev.arg.scorecard },
          staff: view.staff ? { ...view.staff, scorecard: ev.arg.scorecard } : null,
        },
        st.role === 'interviewer' ? 'Scorecard shared.' : 'The interviewer shared their scorecard. Open the debrief to read it.',
      )
    case 'selfassessment:saved': {
      let next = view
      if (st && sameRound(ev.arg.round) && st.role === 'candidate') next = { ...next, state: { ...st, selfAssessment: ev.arg } }
      if (view.staff && view.staff.round === ev.arg.round) next = { ...next, staff: { ...view.staff, selfAssessment: ev.arg } }
      return next
    }
    case 'behavioral:updated': {
      if (!st || !sameRound(ev.arg.round)) return view
      const before = st.behavioral?.answers ?? []
      const started = ev.arg.answers.length > before.length ? ev.arg.answers[ev.arg.answers.length - 1]! : null
      return say({ ...view, state: { ...st, behavioral: ev.arg } }, started && st.role !== 'interviewer' ? `Question: ${started.title}.` : null)
    }
    case 'settings:updated':
      return { ...view, settings: ev.arg }
    case 'cohort:broadcast':
      return say({ ...view, broadcast: ev.arg }, `From the organizer: ${ev.arg.text}`)
    case 'story:shared': {
      if (!st || !sameRound(ev.arg.round)) return view
      const b = st.behavioral ?? { round: st.round.n, answers: [], bank: null, shared: [] }
      const shared = [...b.shared.filter((x) => x.id !== ev.arg.id), ev.arg]
      return say({ ...view, state: { ...st, behavioral: { ...b, shared } } }, st.role === 'candidate' ? null : `The candidate shared a story: ${ev.arg.title}.`)
    }
  }
}

function describeClarify(name: string, before: ClarifyItem | undefined, item: ClarifyItem, role: Role): string | null {
  if (name === 'clarify:asked') return before ? null : role === 'candidate' ? 'Question asked.' : `New clarifying question: ${item.question}`
  if (name === 'clarify:answered') return role === 'interviewer' ? 'Answer sent.' : `Answer to “${item.question}”: ${item.answer ?? ''}`
  if (before?.pinned === item.pinned) return null
  return item.pinned ? `Pinned as an assumption: ${item.question}` : `Unpinned: ${item.question}`
}

/** Applies a command's own result at once (the broadcast that follows is then a no-op). */
export function applyOwnHint(view: InterviewView, hint: SentHint): InterviewView {
  return applyEvent(view, { name: 'hint:sent', arg: hint })
}

/**
 * "I'm stuck" signals raised while this interviewer was offline are alerted and announced when
 * their staff state arrives (the server marks them delivered right after sending it).
 */
function missedStuck(view: InterviewView, staff: StaffState): InterviewView {
  const missed = staff.stuck.filter((s) => !s.delivered && !view.stuckAlerts.includes(s.id))
  if (missed.length === 0) return view
  const who = missed.at(-1)!.by
  return say(
    { ...view, stuckAlerts: [...view.stuckAlerts, ...missed.map((s) => s.id)] },
    `While you were away, ${who} pressed “I’m stuck”${missed.length > 1 ? ` ${missed.length} times` : ''}.`,
  )
}
