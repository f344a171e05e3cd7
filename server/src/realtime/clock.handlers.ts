import type { ClockUpdate } from '@nudge/shared'
import type { ClockAction } from '../interview/round-clock.ts'
import { requireRole, type CommandContext, type CommandHandlers } from './command.ts'
import { actorOf, type InterviewRealtime } from './interview-context.ts'
import type { Actor } from '../interview/interview-service.ts'

/**
 * Applies a clock action to a room's current round as `actor` (whose seat must be the round's
 * interviewer), tells everyone in the room and re-arms the warnings. Also used by the cohort
 * dashboard, which acts on each room with the room's interviewer seat.
 */
export async function runClock({ interview, alarms, to, notifyNodes }: InterviewRealtime, roomId: string, actor: Actor, action: ClockAction): Promise<ClockUpdate> {
  const round = await interview.clock(roomId, actor, action)
  const update: ClockUpdate = { round: round.n, clock: round.clock, serverNow: Date.now() }
  to.everyone(roomId, 'clock:updated', update)
  alarms.arm(roomId, round.n, round.clock)
  notifyNodes('interview:clock', roomId)
  return update
}

/**
 * The interview clock: interviewers only. Every change is persisted, broadcast to everyone as
 * `clock:updated` (state + server time) and re-arms the phase warnings.
 */
export function clockHandlers(ctx: InterviewRealtime): CommandHandlers {
  const run = async ({ who }: CommandContext, action: ClockAction): Promise<ClockUpdate> => {
    requireRole(who, 'interviewer')
    return runClock(ctx, who.roomId, actorOf(who), action)
  }
  return {
    'clock:configure': (ctx, { phases }) => run(ctx, { type: 'configure', phases }),
    'clock:start': (ctx) => run(ctx, { type: 'start' }),
    'clock:pause': (ctx) => run(ctx, { type: 'pause' }),
    'clock:resume': (ctx) => run(ctx, { type: 'resume' }),
    'clock:extend': (ctx, { seconds }) => run(ctx, { type: 'extend', seconds }),
    'clock:next': (ctx) => run(ctx, { type: 'next' }),
    'clock:end': (ctx) => run(ctx, { type: 'end' }),
    'settings:update': async ({ who }, settings) => {
      requireRole(who, 'interviewer')
      const saved = await ctx.interview.updateSettings(who.roomId, actorOf(who), settings)
      ctx.to.everyone(who.roomId, 'settings:updated', saved)
      return saved
    },
  }
}
