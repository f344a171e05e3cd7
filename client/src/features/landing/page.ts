/**
 * The landing page (`/`), built with plain DOM code: it must ship under 60 KB of compressed
 * JavaScript (issue #14 item 12) and React 19 alone is 57 KB, so React is loaded only by the other
 * routes (client/src/main.ts picks). The DOM is the one the React pages use: the same classes,
 * labels, roles and test ids.
 */
import type { CreateRoomResponse } from '@nudge/shared'
import { BRAND_MARK } from '../../lib/brand.ts'
import { localStore } from '../../lib/storage.ts'
import { cohortsNote } from './cohortsNote.ts'
import { createRoomForm } from './createRoomForm.ts'
import { h, svg } from './dom.ts'
import { inviteLinks } from './inviteLinks.ts'
import { myRoomsCard } from './myRoomsCard.ts'
import { rememberRoom } from './myRooms.ts'
import { themeToggle } from './themeToggle.ts'

function brand(): HTMLElement {
  return h(
    'a',
    { class: 'brand', href: '/', 'aria-label': 'Nudge home' },
    svg('svg', { class: 'brand-mark', viewBox: BRAND_MARK.viewBox, 'aria-hidden': 'true', focusable: 'false' },
      svg('rect', BRAND_MARK.square), svg('path', BRAND_MARK.letter)),
    h('span', { class: 'brand-name' }, 'Nudge'),
  )
}

function hero(): HTMLElement {
  return h(
    'section',
    { class: 'hero', 'aria-labelledby': 'hero-title' },
    h('h1', { id: 'hero-title' }, 'Practise interviews the way they really run.'),
    h('p', { class: 'lede' }, 'A shared code editor for a candidate and an interviewer, with live cursors, offline-safe edits and read-only seats for observers. Create a room and send the links.'),
    h(
      'ul',
      { class: 'feature-list' },
      h('li', {}, 'Every keystroke is stored on your server within milliseconds'),
      h('li', {}, 'Keeps working through network drops; edits merge when you reconnect'),
      h('li', {}, 'Undo only ever touches your own edits'),
    ),
  )
}

export function mountLandingPage(root: HTMLElement): void {
  // The panel: the form (or, once a room is made, its links), my rooms, the cohorts note.
  let main: ChildNode
  let rooms: ChildNode
  const showForm = () => swap(createRoomForm(created))
  const created = (room: CreateRoomResponse, title: string) => {
    rememberRoom(localStore(), { id: room.id, title, invites: room.invites }, Date.now())
    const links = inviteLinks(room, title, showForm)
    swap(links.card)
    // The form that had focus is gone: keyboard and screen-reader users continue from the heading.
    links.heading.focus()
  }
  const swap = (next: ChildNode) => {
    main.replaceWith(next)
    main = next
    const fresh = myRoomsCard()
    rooms.replaceWith(fresh)
    rooms = fresh
  }
  main = createRoomForm(created)
  rooms = myRoomsCard()

  root.replaceChildren(h(
    'div',
    { class: 'page' },
    h(
      'header',
      { class: 'topbar' },
      brand(),
      h('span', { class: 'topbar-note' }, 'Self-hosted · no accounts · ', h('a', { href: '/stories' }, 'My story bank'), ' · ', h('a', { href: '/loops/new' }, 'Rehearse a whole loop')),
      themeToggle(),
    ),
    h('main', { class: 'landing', id: 'main' }, hero(), h('div', { class: 'landing-panel' }, main, rooms, cohortsNote())),
  ))
}
