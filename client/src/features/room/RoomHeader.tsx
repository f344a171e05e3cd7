import type { Role } from '@nudge/shared'
import { CONNECTION_LABELS, saveLabel, type CollabStatus } from '../../collab/status.ts'
import { ROLE_INFO } from '../../lib/roles.ts'
import { Brand } from '../common/Brand.tsx'
import { ThemeToggle } from '../common/ThemeToggle.tsx'

export function RoomHeader({ title, role, status }: { title: string; role: Role | null; status: CollabStatus }) {
  return (
    <header className="room-header">
      <div className="room-title">
        <Brand />
        <span className="divider" aria-hidden="true" />
        <h1 title={title}>{title}</h1>
        {role && (
          <span className={`role-badge role-${role}`} title={ROLE_INFO[role].note}>
            <span className="visually-hidden">Your role: </span>
            {ROLE_INFO[role].label}
          </span>
        )}
      </div>
      <div className="status-group" aria-label="Status">
        <ThemeToggle />
        <span className={`pill conn-${status.connection}`} data-testid="connection-status">
          <span className="dot" aria-hidden="true" />
          {CONNECTION_LABELS[status.connection]}
        </span>
        <span className={`pill save-${status.save}`} data-testid="save-status">
          <SaveIcon save={status.save} />
          {saveLabel(status)}
        </span>
      </div>
    </header>
  )
}

function SaveIcon({ save }: { save: CollabStatus['save'] }) {
  if (save === 'saved') {
    return (
      <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    )
  }
  if (save === 'saving') return <span className="spinner small" aria-hidden="true" />
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M8 3v6M8 12.2v.3" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  )
}
