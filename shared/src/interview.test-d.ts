import { expectTypeOf, test } from 'vitest'
import type {
  Ack, CandidateQuestionView, ClientToServerEvents, ClockUpdate, InterviewerQuestionView, Note, PrivateEventName, SentHint,
  ServerToClientEvents, StuckSignal,
} from './index.ts'

type Payload<K extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[K]>[0]
type AckOf<K extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[K]>[1]>[0]
type EventOf<K extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[K]>[0]

test('interview commands and events are derived from the schemas', () => {
  expectTypeOf<Payload<'hint:send'>>().toEqualTypeOf<{ tier?: number; text: string; anchor?: string }>()
  expectTypeOf<AckOf<'hint:send'>>().toEqualTypeOf<Ack<SentHint>>()
  expectTypeOf<AckOf<'clock:start'>>().toEqualTypeOf<Ack<ClockUpdate>>()
  expectTypeOf<Payload<'debrief:get'>>().toEqualTypeOf<{ round: number; format?: 'json' | 'markdown' }>()
  expectTypeOf<EventOf<'question:picked'>['question']>().toEqualTypeOf<CandidateQuestionView>()
  expectTypeOf<EventOf<'question:briefed'>['question']>().toEqualTypeOf<InterviewerQuestionView>()
  expectTypeOf<EventOf<'note:added'>>().toEqualTypeOf<Note>()
  expectTypeOf<EventOf<'stuck:raised'>>().toEqualTypeOf<StuckSignal>()
})

test('private events are the ones that carry private material', () => {
  expectTypeOf<'note:added' | 'stuck:raised' | 'question:briefed' | 'staff:state' | 'scorecard:saved'>().toExtend<PrivateEventName>()
  expectTypeOf<'hint:sent'>().not.toExtend<PrivateEventName>()
  expectTypeOf<'question:picked'>().not.toExtend<PrivateEventName>()
})
