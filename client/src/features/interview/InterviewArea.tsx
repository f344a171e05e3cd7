import { useEffect, useState, type ReactNode } from 'react'
import type { Language, Participant } from '@nudge/shared'
import type { CollabSession } from '../../collab/session.ts'
import type { InterviewClient, InterviewSnapshot } from '../../realtime/interviewClient.ts'
import type { EditorHandle } from '../editor/editorHandle.ts'
import { InterviewBar } from './InterviewBar.tsx'
import { InterviewProvider, type InterviewContextValue } from './InterviewContext.tsx'
import { InterviewSidebar } from './InterviewSidebar.tsx'
import type { SidebarTab } from './tabs.ts'

export interface InterviewAreaProps {
  /** A take-home done alone (a loop stage): no round clock or "I'm stuck". */
  solo?: boolean
  client: InterviewClient
  snap: InterviewSnapshot
  session: CollabSession | null
  editor: EditorHandle | null
  language: Language | null
  live: boolean
  you: Participant | null
  openDebrief(round: number): void
  /** The editor pane, placed between the bar and the sidebar. */
  children: ReactNode
  /** The Room tab's content. */
  room: ReactNode
  /** The Chat tab's content, told whether it is shown (shown messages count as read). */
  chat: (visible: boolean) => ReactNode
  chatUnread: number
}

/** The interview around the editor: the clock bar above, the tabbed sidebar beside it. */
export function InterviewArea(props: InterviewAreaProps) {
  const { client, snap, session, editor, language, live, openDebrief, children, room, chat, chatUnread, solo = false } = props
  const state = snap.state!
  const [tab, setTab] = useState<SidebarTab>('question')
  // New role, new tabs: start from the question.
  useEffect(() => setTab('question'), [state.role])
  const value: InterviewContextValue = { client, snap, state, role: state.role, session, editor, language, live, openDebrief }
  return (
    <InterviewProvider value={value}>
      {/* A take-home is done alone against a deadline (the loop banner shows it): no clock, no "I'm stuck". */}
      {!solo && <InterviewBar onTab={setTab} />}
      <div className="room-body">
        {children}
        <InterviewSidebar tab={tab} onTab={setTab} room={room} chat={chat} chatUnread={chatUnread} />
      </div>
    </InterviewProvider>
  )
}
