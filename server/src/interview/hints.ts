import { AppError, INTERVIEW_LIMITS, clockStamp, type SentHint, type StuckSignal } from '@nudge/shared'
import type { RoundState } from './rounds.ts'

export interface Author {
  participantId: string
  name: string
}

export interface HintInput {
  /** Ladder index the hint came from; absent for a custom nudge. */
  tier?: number
  text: string
  /** Base64 Yjs RelativePosition and the line it resolved to when sent (null if it did not). */
  anchor?: { position: string; line: number | null }
}

const normalize = (s: string) => s.trim().replace(/\s+/g, ' ')

/**
 * Records a hint as sent: stamped with the clock's phase and elapsed time. Only sent hints ever
 * leave the interviewer; the ladder itself stays in the question's interviewer view.
 */
export function sendHint(round: RoundState, input: HintInput, by: Author, now: number, id: string): { round: RoundState; hint: SentHint } {
  if (round.hints.length >= INTERVIEW_LIMITS.itemsPerRound) throw new AppError('TOO_LARGE', 'This round has too many hints.')
  let edited = false
  if (input.tier !== undefined) {
    const ladder = round.question?.hints ?? []
    const rung = ladder[input.tier]
    if (!rung) throw new AppError('NOT_FOUND', 'The question has no such hint.')
    edited = normalize(rung.text) !== normalize(input.text)
  }
  const hint: SentHint = {
    id,
    round: round.n,
    tier: input.tier ?? null,
    edited,
    text: input.text,
    anchor: input.anchor ?? null,
    sentAt: now,
    stamp: clockStamp(round.clock, now),
    by: by.name,
  }
  return { round: { ...round, hints: [...round.hints, hint] }, hint }
}

/**
 * "I'm stuck": recorded for the interviewer. A second press within the cooldown returns the
 * previous signal and does not notify again (`fresh: false`).
 */
export function raiseStuck(round: RoundState, by: Author, now: number, id: string, delivered = true): { round: RoundState; signal: StuckSignal; fresh: boolean } {
  const last = round.stuck.at(-1)
  if (last && now - last.at < INTERVIEW_LIMITS.stuckCooldownSeconds * 1000) return { round, signal: last, fresh: false }
  if (round.stuck.length >= INTERVIEW_LIMITS.itemsPerRound) throw new AppError('TOO_LARGE')
  const signal: StuckSignal = { id, round: round.n, at: now, stamp: clockStamp(round.clock, now), by: by.name, delivered }
  return { round: { ...round, stuck: [...round.stuck, signal] }, signal, fresh: true }
}

/** The interviewer is back: every signal raised while they were away has now reached them. */
export function deliverStuck(round: RoundState): RoundState {
  return round.stuck.some((s) => !s.delivered) ? { ...round, stuck: round.stuck.map((s) => ({ ...s, delivered: true })) } : round
}
