import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react'
import type { InterviewState, Language, Role } from '@nudge/shared'
import type { CollabSession } from '../../collab/session.ts'
import type { InterviewClient, InterviewSnapshot } from '../../realtime/interviewClient.ts'
import type { EditorHandle } from '../editor/editorHandle.ts'

export interface InterviewContextValue {
  client: InterviewClient
  snap: InterviewSnapshot
  /** The current round as this participant may see it (non-null inside the provider's children). */
  state: InterviewState
  role: Role
  session: CollabSession | null
  editor: EditorHandle | null
  language: Language | null
  /** Whether commands can reach the server now. */
  live: boolean
  openDebrief(round: number): void
}

const Ctx = createContext<InterviewContextValue | null>(null)

export function useInterviewSnapshot(client: InterviewClient): InterviewSnapshot {
  return useSyncExternalStore(client.subscribe, client.getSnapshot)
}

export function InterviewProvider({ value, children }: { value: InterviewContextValue; children: ReactNode }) {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useInterview(): InterviewContextValue {
  const v = useContext(Ctx)
  if (!v) throw new Error('useInterview outside InterviewProvider')
  return v
}
