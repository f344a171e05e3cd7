import type { Role } from '@nudge/shared'

export type SidebarTab = 'question' | 'hints' | 'clarify' | 'notes' | 'score' | 'chat' | 'room'

export interface TabInfo {
  id: SidebarTab
  label: string
}

/** Which tabs each role gets, in order. */
export function tabsFor(role: Role): TabInfo[] {
  switch (role) {
    case 'interviewer':
      return [
        { id: 'question', label: 'Question' },
        { id: 'hints', label: 'Hints' },
        { id: 'clarify', label: 'Clarify' },
        { id: 'notes', label: 'Notes' },
        { id: 'score', label: 'Score' },
        { id: 'chat', label: 'Chat' },
        { id: 'room', label: 'Room' },
      ]
    case 'candidate':
      return [
        { id: 'question', label: 'Problem' },
        { id: 'hints', label: 'Hints' },
        { id: 'clarify', label: 'Clarify' },
        { id: 'score', label: 'Self-review' },
        { id: 'chat', label: 'Chat' },
        { id: 'room', label: 'Room' },
      ]
    case 'observer':
      return [
        { id: 'question', label: 'Problem' },
        { id: 'hints', label: 'Hints' },
        { id: 'clarify', label: 'Clarify' },
        { id: 'chat', label: 'Chat' },
        { id: 'room', label: 'Room' },
      ]
  }
}
