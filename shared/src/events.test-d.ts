import { expectTypeOf, test } from 'vitest'
import type { Ack, ClientToServerEvents, Participant, ServerToClientEvents } from './index.ts'

test('event maps are derived from the schemas', () => {
  expectTypeOf<Parameters<ClientToServerEvents['presence:rename']>[0]>().toEqualTypeOf<{ name: string }>()
  expectTypeOf<Parameters<Parameters<ClientToServerEvents['presence:rename']>[1]>[0]>().toEqualTypeOf<Ack<Participant>>()
  expectTypeOf<Parameters<ServerToClientEvents['presence:updated']>[0]>().toEqualTypeOf<Participant>()
})
