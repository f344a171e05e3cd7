import type { Debrief, ReplayAuthor, TimelineEvent } from '@nudge/shared'
import { PASTE_CHARS, type DocHistory } from './engine.ts'

export type LaneId = 'phases' | 'typing' | 'runs' | 'hints' | 'questions' | 'pastes' | 'chat' | 'notes' | 'board'

export const LANE_LABELS: Record<LaneId, string> = {
  phases: 'Phases', typing: 'Typing', runs: 'Runs', hints: 'Hints & stuck', questions: 'Questions',
  pastes: 'Pastes', chat: 'Chat', notes: 'My notes', board: 'Board',
}

/** Something that happened at one moment, shown as a marker on its lane. */
export interface Marker {
  id: string
  lane: LaneId
  kind: TimelineEvent['kind'] | 'paste' | 'chat'
  /** ms since epoch. */
  at: number
  /** One line: the marker's accessible name and the announcement when playback reaches it. */
  title: string
  /** What the side panel shows. */
  detail: string
}

/** A bar of a lane: phases as they really ran, planned length beside. */
export interface Bar {
  lane: 'phases'
  from: number
  to: number
  label: string
  plannedMs: number
}

const LANE_OF: Record<TimelineEvent['kind'], LaneId> = {
  start: 'phases', phase: 'phases', pause: 'phases', resume: 'phases', extend: 'phases', end: 'phases', question: 'phases',
  hint: 'hints', stuck: 'hints', clarify: 'questions', answer: 'questions', note: 'notes', run: 'runs',
}

const KIND_TITLE: Record<Marker['kind'], string> = {
  start: 'Clock started', phase: 'Next phase', pause: 'Paused', resume: 'Resumed', extend: 'Extended', end: 'Round ended',
  question: 'Question', hint: 'Hint', stuck: '"I\'m stuck"', clarify: 'Question asked', answer: 'Answered', note: 'Note',
  run: 'Run', paste: 'Paste', chat: 'Chat',
}

/**
 * The markers of a round's replay, oldest first. Everything comes from the viewer's debrief (so
 * the lanes hold exactly what the debrief may show them: a candidate's replay has no notes lane
 * because their debrief has no notes), plus pastes found in the code's updates.
 */
export function buildMarkers(d: Debrief, code: DocHistory, authorName: (id: string) => string): Marker[] {
  const out: Marker[] = []
  d.timeline.events.forEach((e, i) => {
    let detail = e.label
    if (e.kind === 'clarify' || e.kind === 'answer') {
      const q = d.clarifications.find((c) => (e.kind === 'clarify' ? c.at === e.at : c.text === e.label || c.answer === e.label))
      if (q) detail = `Q: ${q.text}\nA: ${q.answer ?? '(not answered)'}`
    } else if (e.kind === 'run') {
      const run = d.runs.find((r) => r.startedAt === e.at)
      if (run?.output) detail = `${e.label}\n\n${run.output.slice(0, 2000)}`
    }
    out.push({ id: `e${i}`, lane: LANE_OF[e.kind], kind: e.kind, at: e.at, title: `${KIND_TITLE[e.kind]}: ${e.label}`, detail })
  })
  for (const m of d.chat) out.push({ id: `c${m.id}`, lane: 'chat', kind: 'chat', at: m.at, title: `Chat from ${m.from.name}: ${m.text}`, detail: `${m.from.name}: ${m.text}` })
  code.updates.forEach((u, i) => {
    const n = code.inserted[i]!
    if (n >= PASTE_CHARS) {
      out.push({ id: `p${i}`, lane: 'pastes', kind: 'paste', at: u.at, title: `Paste: ${n} characters by ${authorName(u.author)}`, detail: `${authorName(u.author)} inserted ${n} characters at once (a paste, or text dropped in).` })
    }
  })
  return out.sort((a, b) => a.at - b.at)
}

export function phaseBars(d: Debrief, endAt: number): Bar[] {
  return d.timeline.phases
    .filter((p) => p.startedAt !== null)
    .map((p) => ({ lane: 'phases' as const, from: p.startedAt!, to: p.endedAt ?? endAt, label: p.label, plannedMs: p.plannedMs + p.extendedMs }))
}

/** Updates per time bucket for each author: the typing lane's density strips (values 0..1). */
export function density(history: DocHistory, startAt: number, endAt: number, buckets: number): Map<string, number[]> {
  const span = Math.max(1, endAt - startAt)
  const out = new Map<string, number[]>()
  for (const u of history.updates) {
    let row = out.get(u.author)
    if (!row) out.set(u.author, (row = new Array<number>(buckets).fill(0)))
    const b = Math.min(buckets - 1, Math.max(0, Math.floor(((u.at - startAt) / span) * buckets)))
    row[b]! += 1
  }
  const max = Math.max(1, ...[...out.values()].flatMap((r) => r))
  for (const row of out.values()) for (let i = 0; i < row.length; i++) row[i] = row[i]! / max
  return out
}

/**
 * Times (ms since epoch) when something happened: updates and markers. Skip idle jumps over
 * gaps between them longer than `idleMs`.
 */
export function activity(histories: DocHistory[], markers: Marker[]): number[] {
  const times = [...histories.flatMap((h) => h.updates.map((u) => u.at)), ...markers.map((m) => m.at)]
  return times.sort((a, b) => a - b)
}

/** With skip idle: where playback at `t` should be, given the next activity (null: no jump). */
export function skipIdleTarget(times: readonly number[], t: number, idleMs: number, leadMs = 1000): number | null {
  let lo = 0
  let hi = times.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (times[mid]! <= t) lo = mid + 1
    else hi = mid
  }
  const next = times[lo]
  if (next === undefined) return null
  const prev = lo > 0 ? times[lo - 1]! : -Infinity
  // Only inside a gap longer than idleMs, and only if we are not already close to its end.
  if (next - prev > idleMs && next - t > leadMs) return next - leadMs
  return null
}

export function authorLookup(authors: ReplayAuthor[]) {
  const byId = new Map(authors.map((a) => [a.id, a]))
  return {
    name: (id: string) => byId.get(id)?.name ?? (id === '' ? 'Before the round' : id.startsWith('api-') ? id.slice(4) : 'Someone'),
    color: (id: string) => byId.get(id)?.color ?? (id === '' ? 'transparent' : '#8a8f98'),
  }
}
