import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react'
import { HintsPanel } from './hints/HintsPanel.tsx'
import { useInterview } from './InterviewContext.tsx'
import { LedgerPanel } from './ledger/LedgerPanel.tsx'
import { NotesPanel } from './notes/NotesPanel.tsx'
import { QuestionPanel } from './questions/QuestionPanel.tsx'
import { ScorecardPanel } from './scorecards/ScorecardPanel.tsx'
import { tabsFor, type SidebarTab } from './tabs.ts'

export interface InterviewSidebarProps {
  tab: SidebarTab
  onTab: (tab: SidebarTab) => void
  /** The room tab's content (participants, past rounds), rendered by the room. */
  room: ReactNode
  chat: (visible: boolean) => ReactNode
  chatUnread: number
}

/**
 * The interview panels beside the editor, as WAI-ARIA tabs (arrow keys move between tabs).
 * Every panel stays mounted while hidden, so a half-written answer or scorecard survives a tab switch.
 */
export function InterviewSidebar({ tab, onTab, room, chat, chatUnread }: InterviewSidebarProps) {
  const id = useId()
  const { role, snap, state, client } = useInterview()
  const tabs = tabsFor(role)
  const active = tabs.some((t) => t.id === tab) ? tab : 'question'
  const refs = useRef(new Map<SidebarTab, HTMLButtonElement>())

  useEffect(() => {
    if (active === 'hints' && snap.unreadHints) client.markHintsRead()
  }, [active, snap.unreadHints, client])

  const badge = (t: SidebarTab): { n: number; label: string } | null => {
    if (t === 'chat' && chatUnread && active !== 'chat') return { n: chatUnread, label: 'unread' }
    if (t === 'hints' && role !== 'interviewer' && snap.unreadHints) return { n: snap.unreadHints, label: 'new' }
    if (t === 'hints' && role === 'interviewer' && snap.stuckAlerts.length && state.clock.status !== 'ended') return { n: snap.stuckAlerts.length, label: 'stuck' }
    if (t === 'clarify' && role === 'interviewer') {
      const open = state.clarifications.filter((c) => c.answer === null).length
      return open ? { n: open, label: 'to answer' } : null
    }
    return null
  }

  function onKeyDown(e: KeyboardEvent) {
    const i = tabs.findIndex((t) => t.id === active)
    let next = -1
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length
    else if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length
    else if (e.key === 'Home') next = 0
    else if (e.key === 'End') next = tabs.length - 1
    if (next === -1) return
    e.preventDefault()
    onTab(tabs[next]!.id)
    refs.current.get(tabs[next]!.id)?.focus()
  }

  const panels: Record<SidebarTab, ReactNode> = {
    question: <QuestionPanel />,
    hints: <HintsPanel />,
    clarify: <LedgerPanel />,
    notes: role === 'interviewer' ? <NotesPanel /> : null,
    score: role !== 'observer' ? <ScorecardPanel /> : null,
    chat: chat(active === 'chat'),
    room,
  }

  return (
    <aside className="interview-sidebar" aria-label="Interview panels">
      <div className="tabs" role="tablist" aria-label="Interview panels" onKeyDown={onKeyDown}>
        {tabs.map((t) => {
          const b = badge(t.id)
          const selected = t.id === active
          return (
            <button
              key={t.id}
              ref={(el) => {
                if (el) refs.current.set(t.id, el)
                else refs.current.delete(t.id)
              }}
              id={`${id}-tab-${t.id}`}
              role="tab"
              type="button"
              className="tab"
              aria-selected={selected}
              aria-controls={`${id}-panel-${t.id}`}
              tabIndex={selected ? 0 : -1}
              onClick={() => onTab(t.id)}
            >
              {t.label}
              {b && (
                <span className={`tab-badge ${b.label === 'stuck' ? 'alert' : ''}`}>
                  {b.n}
                  <span className="visually-hidden"> {b.label}</span>
                </span>
              )}
            </button>
          )
        })}
      </div>
      {tabs.map((t) => (
        <div
          key={t.id}
          id={`${id}-panel-${t.id}`}
          role="tabpanel"
          className="tab-panel"
          aria-labelledby={`${id}-tab-${t.id}`}
          hidden={t.id !== active}
          tabIndex={0}
        >
          {panels[t.id]}
        </div>
      ))}
    </aside>
  )
}
