import { LANGUAGE_LABELS, RUBRICS, RUN_STATUS_LABELS, phaseOutcome, runSummary, sessionElapsedMs, sessionPlannedMs, type BoardContent, type Debrief, type Role, type Run, type TimelineEvent } from '@nudge/shared'
import { roundInfo, type RoundState } from './rounds.ts'
import { behavioralDebrief } from './debrief-behavioral.ts'

export interface DebriefInput {
  room: { id: string; title: string }
  round: RoundState
  /** The viewer's role in this round (roleInRound), not their role now. */
  viewer: Role
  /** The round's final code: captured at its end, or the live document for the current round. */
  code: { text: string; language: string; capturedAt: number | null }
  /** The round's board (readBoard), or null when nothing was drawn. */
  board: BoardContent | null
  /** Where `board` comes from (Debrief.boardCapture); the room's live board when absent. */
  boardCapture?: Debrief['boardCapture']
  now: number
}

/**
 * A round's debrief for one viewer. Private material (notes, stuck signals, an unshared
 * scorecard) is only read when the viewer was the round's interviewer, so it cannot reach anyone
 * else through this object or anything rendered from it.
 */
export function buildDebrief({ room, round, viewer, code, board, boardCapture, now }: DebriefInput): Debrief {
  const staff = viewer === 'interviewer'
  const c = round.clock
  const phases = c.phases.map((p, i) => {
    const run = c.runs[i]!
    const live = i === c.phaseIndex && c.status === 'running' && c.runningSince !== null ? now - c.runningSince : 0
    return {
      id: p.id, kind: p.kind, label: p.label, plannedMs: p.plannedMs, extendedMs: run.extendedMs,
      actualMs: Math.round(run.elapsedMs + live), startedAt: run.startedAt, endedAt: run.endedAt,
      skipped: phaseOutcome(c, i) === 'skipped',
    }
  })
  const events: TimelineEvent[] = [
    ...round.clockLog.map((e) => ({ ...e })),
    ...round.hints.map((h) => ev('hint', h.sentAt, h.stamp, h.text)),
    ...round.clarifications.map((q) => ev('clarify', q.askedAt, q.stamp, q.question)),
    ...round.clarifications.filter((q) => q.answeredAt !== null).map((q) => ev('answer', q.answeredAt!, q.stamp, q.answer ?? '')),
    ...(staff ? round.stuck.map((s) => ev('stuck', s.at, s.stamp, 'Candidate pressed "I\'m stuck"')) : []),
    ...(staff ? round.notes.map((n) => ev('note', n.at, n.stamp, n.text)) : []),
  ].sort((a, b) => a.at - b.at)

  const scorecard = round.scorecard && (staff || round.scorecard.shared) ? round.scorecard : null
  const self = round.selfAssessment && (staff || viewer === 'candidate' || round.scorecard?.shared) ? round.selfAssessment : null
  const ladder = round.hints.filter((h) => h.tier !== null).length
  return {
    room,
    round: roundInfo(round),
    viewer,
    // Filled from the room's chat log by InterviewService.debrief (it reads storage; this is pure).
    chat: [],
    runs: [],
    timeline: {
      startedAt: c.startedAt,
      endedAt: c.endedAt,
      plannedMs: sessionPlannedMs(c),
      actualMs: Math.round(sessionElapsedMs(c, now)),
      phases,
      events,
    },
    hints: round.hints.map((h) => ({
      at: h.sentAt, elapsedMs: h.stamp.elapsedMs, phaseLabel: h.stamp.phaseLabel, text: h.text,
      tier: h.tier, edited: h.edited, line: h.anchor?.line ?? null,
    })),
    clarifications: round.clarifications.map((q) => ({
      at: q.askedAt, elapsedMs: q.stamp.elapsedMs, phaseLabel: q.stamp.phaseLabel, text: q.question, answer: q.answer, pinned: q.pinned,
    })),
    notes: staff ? round.notes.map((n) => ({ at: n.at, elapsedMs: n.stamp.elapsedMs, phaseLabel: n.stamp.phaseLabel, text: n.text })) : null,
    stuck: staff ? round.stuck.map((s) => ({ at: s.at, elapsedMs: s.stamp.elapsedMs, phaseLabel: s.stamp.phaseLabel })) : null,
    scores: {
      rows: RUBRICS[round.kind].map((k) => ({
        criterion: k.id,
        label: k.label,
        score: scorecard?.entries[k.id]?.score ?? null,
        comment: scorecard?.entries[k.id]?.comment ?? '',
        selfScore: self?.entries[k.id]?.score ?? null,
        selfComment: self?.entries[k.id]?.comment ?? '',
      })),
      scorecard: scorecard && { summary: scorecard.summary, submitted: scorecard.submitted, shared: scorecard.shared },
      selfAssessment: self && { summary: self.summary, submitted: self.submitted },
    },
    finalCode: code,
    board,
    boardCapture: boardCapture ?? { kind: 'live', capturedAt: null },
    counts: {
      hints: round.hints.length,
      ladderHints: ladder,
      customHints: round.hints.length - ladder,
      clarifications: round.clarifications.length,
      answered: round.clarifications.filter((q) => q.answer !== null).length,
      pinned: round.clarifications.filter((q) => q.pinned).length,
      stuck: viewer === 'observer' ? null : round.stuck.length,
      notes: staff ? round.notes.length : null,
    },
    behavioral: behavioralDebrief(round, viewer, now),
    // Filled from the update log by InterviewService.debrief.
    activity: null,
  }
}

/**
 * A code run as a timeline event: its session time is read off the clock log (running time
 * advances between a start/resume/phase/extend entry and the next pause or end), so a run made
 * during a pause sits where the pause began, and one before the clock started at 0.
 */
export function runEvent(run: Run, clockLog: readonly TimelineEvent[]): TimelineEvent {
  let elapsedMs = 0
  let phaseId = ''
  for (const e of clockLog) {
    if (e.at > run.startedAt) break
    const running = e.kind !== 'pause' && e.kind !== 'end'
    elapsedMs = e.elapsedMs + (running ? run.startedAt - e.at : 0)
    phaseId = e.phaseId
  }
  const what = `${run.by.name} ran ${run.kind === 'tests' ? 'the tests' : 'the code'}${run.private ? ' privately' : ''} (${LANGUAGE_LABELS[run.language]}): ${runSummary(run) ?? RUN_STATUS_LABELS[run.status]}`
  return { kind: 'run', at: run.startedAt, elapsedMs: Math.round(elapsedMs), phaseId, label: what }
}

function ev(kind: TimelineEvent['kind'], at: number, stamp: { elapsedMs: number; phaseId: string }, label: string): TimelineEvent {
  return { kind, at, elapsedMs: stamp.elapsedMs, phaseId: stamp.phaseId, label }
}

