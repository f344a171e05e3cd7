import type { CreateRoomResponse } from '@nudge/shared'
import { INVITE_ORDER, ROLE_INFO } from '../../lib/roles.ts'
import { inviteOriginWarning, sameOriginHref } from '../../lib/route.ts'
import { copyButton } from './copyButton.ts'
import { h } from './dom.ts'

/** "Room ready": each role's link with a copy button and an "Open as …" link. */
export function inviteLinks(room: CreateRoomResponse, title: string, onReset: () => void): { card: HTMLElement; heading: HTMLElement } {
  const id = 'invites'
  const warning = inviteOriginWarning(room.invites.candidate, window.location.origin)
  const heading = h('h2', { id: `${id}-h`, tabindex: -1 }, `Room ready: ${title}`)
  const card = h(
    'section',
    { class: 'card', 'aria-labelledby': `${id}-h` },
    heading,
    h('p', { class: 'muted' }, 'Each link opens the room with one role. Send each person only their own link: the secret in it decides what they can do.'),
    warning && h('p', { class: 'alert warning', role: 'note', 'data-testid': 'public-url-warning' }, warning),
    h(
      'ul',
      { class: 'invites' },
      ...INVITE_ORDER.map((role) => {
        const url = room.invites[role]
        const label = ROLE_INFO[role].label
        const inputId = `${id}-${role}`
        const descId = `${id}-${role}-desc`
        const input = h('input', { id: inputId, class: 'mono', type: 'text', readonly: true, value: url, 'aria-describedby': descId })
        input.addEventListener('focus', () => input.select())
        return h(
          'li',
          { class: `invite role-${role}` },
          h(
            'div',
            { class: 'invite-head' },
            h('label', { for: inputId, class: 'invite-role' }, `${label} link`),
            // A new tab keeps this list of links open for the host.
            h('a', { class: 'link-action', href: sameOriginHref(url), target: '_blank', rel: 'noopener noreferrer' },
              `Open as ${label.toLowerCase()}`, h('span', { class: 'visually-hidden' }, ' (opens in a new tab)')),
          ),
          h('p', { id: descId, class: 'hint' }, ROLE_INFO[role].invite),
          h('div', { class: 'invite-row' }, input, ...copyButton(url, inputId, `${label.toLowerCase()} link`)),
        )
      }),
    ),
    h('button', { class: 'button ghost', type: 'button', onclick: onReset }, 'Create another room'),
  )
  return { card, heading }
}
