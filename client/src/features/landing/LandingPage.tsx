import { useState } from 'react'
import type { CreateRoomResponse } from '@nudge/shared'
import { Brand } from '../common/Brand.tsx'
import { ThemeToggle } from '../common/ThemeToggle.tsx'
import { CreateRoomForm } from './CreateRoomForm.tsx'
import { InviteLinks } from './InviteLinks.tsx'
import { MyRooms } from './MyRooms.tsx'
import { CohortsNote } from './CohortsNote.tsx'
import { rememberRoom } from './myRooms.ts'
import { localStore } from '../../lib/storage.ts'

export function LandingPage() {
  const [created, setCreated] = useState<{ room: CreateRoomResponse; title: string } | null>(null)
  return (
    <div className="page">
      <header className="topbar">
        <Brand />
        <span className="topbar-note">
          Self-hosted · no accounts · <a href="/stories">My story bank</a> · <a href="/loops/new">Rehearse a whole loop</a>
        </span>
        <ThemeToggle />
      </header>
      <main className="landing" id="main">
        <section className="hero" aria-labelledby="hero-title">
          <h1 id="hero-title">Practise interviews the way they really run.</h1>
          <p className="lede">
            A shared code editor for a candidate and an interviewer, with live cursors, offline-safe edits and
            read-only seats for observers. Create a room and send the links.
          </p>
          <ul className="feature-list">
            <li>Every keystroke is stored on your server within milliseconds</li>
            <li>Keeps working through network drops; edits merge when you reconnect</li>
            <li>Undo only ever touches your own edits</li>
          </ul>
        </section>
        <div className="landing-panel">
          {created ? (
            <InviteLinks room={created.room} title={created.title} onReset={() => setCreated(null)} />
          ) : (
            <CreateRoomForm
              onCreated={(room, title) => {
                rememberRoom(localStore(), { id: room.id, title, invites: room.invites }, Date.now())
                setCreated({ room, title })
              }}
            />
          )}
          <MyRooms key={created?.room.id ?? 'none'} />
          <CohortsNote />
        </div>
      </main>
    </div>
  )
}
