import { ROLE_INFO } from '../../lib/roles.ts'
import { sameOriginHref } from '../../lib/route.ts'
import { localStore } from '../../lib/storage.ts'
import { copyButton } from './copyButton.ts'
import { h } from './dom.ts'
import { describeMyRoom, forgetRoom, listMyRooms, type MyRoom } from './myRooms.ts'

/**
 * "My rooms": the rooms this browser created or joined (stored in this browser only), with their
 * links. Returns a node that replaces itself when a room is forgotten (a comment when empty).
 */
export function myRoomsCard(rooms: MyRoom[] = listMyRooms(localStore())): ChildNode {
  if (rooms.length === 0) return document.createComment('my rooms')
  const card: HTMLElement = h(
    'section',
    { class: 'card my-rooms', 'aria-labelledby': 'my-rooms-h', 'data-testid': 'my-rooms' },
    h('h2', { id: 'my-rooms-h' }, 'My rooms'),
    h('p', { class: 'muted small' }, 'Kept in this browser only.'),
    h('ul', {}, ...rooms.map((r) => h(
      'li',
      {},
      h(
        'div',
        { class: 'my-room-head' },
        h('a', { href: `/r/${r.id}` }, r.title),
        h('span', { class: 'muted small' }, describeMyRoom(r)),
        h('button', { class: 'button link small', type: 'button', onclick: () => card.replaceWith(myRoomsCard(forgetRoom(localStore(), r.id))) },
          'Forget', h('span', { class: 'visually-hidden' }, ` ${r.title}`)),
      ),
      r.invites && h('div', { class: 'my-room-links' }, ...(Object.keys(r.invites) as (keyof typeof r.invites)[]).map((role) => h(
        'span',
        {},
        h('a', { href: sameOriginHref(r.invites![role]) }, ROLE_INFO[role].label),
        ' ',
        ...copyButton(r.invites![role], `my-room-${r.id}-${role}`, `${ROLE_INFO[role].label.toLowerCase()} link for ${r.title}`),
      ))),
    ))),
  )
  return card
}
