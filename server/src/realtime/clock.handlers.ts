import type { ClockUpdate } from '@nudge/shared'
import type { ClockAction } from '../interview/round-clock.ts'
import { requireRole, type CommandContext, type CommandHandlers } from './command.ts'
import { actorOf, type InterviewRealtime } from './interview-context.ts'

/**
 * The interview clock: interviewers only. Every change is persisted, broadcast to everyone as
 * `clock:updated` (state + server time) and re-arms the phase warnings.
 */
export function clockHandlers({ interview, alarms, to, notifyNodes }: InterviewRealtime): CommandHandlers {
  const run = async ({ who }: CommandContext, action: ClockAction): Promise<ClockUpdate> => {
    requireRole(who, 'interviewer')
    const round = await interview.clock(who.roomId, actorOf(who), action)
    const update: ClockUpdate = { round: round.n, clock: round.clock, serverNow: Date.now() }
    to.everyone(who.roomId, 'clock:updated', update)
    alarms.arm(who.roomId, round.n, round.clock)
    notifyNodes('interview:clock', who.roomId)
    return update
  }
  return {
    'clock:configure': (ctx, { phases }) => run(ctx, { type: 'configure', phases }),
    'clock:start': (ctx) => run(ctx, { type: 'start' }),
    'clock:pause': (ctx) => run(ctx, { type: 'pause' }),
    'clock:resume': (ctx) => run(ctx, { type: 'resume' }),
    'clock:extend': (ctx, { seconds }) => run(ctx, { type: 'extend', seconds }),
    'clock:next': (ctx) => run(ctx, { type: 'next' }),
    'clock:end': (ctx) => run(ctx, { type: 'end' }),
  }
}
