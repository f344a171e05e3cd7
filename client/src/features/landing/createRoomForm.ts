import { LANGUAGES, LANGUAGE_LABELS, LIMITS } from '@nudge/shared/basics'
import type { CreateRoomResponse, Language } from '@nudge/shared'
import { ApiError, createRoom } from '../../lib/api.ts'
import { h } from './dom.ts'

/** "Create an interview room": title and language; a failure is shown above the button. */
export function createRoomForm(onCreated: (room: CreateRoomResponse, title: string) => void): HTMLFormElement {
  const id = 'create-room'
  const title = h('input', { id: `${id}-name`, type: 'text', maxlength: LIMITS.title, placeholder: 'e.g. Graphs — mock onsite', autocomplete: 'off' })
  const language = h('select', { id: `${id}-lang` }, ...LANGUAGES.map((l) => h('option', { value: l }, LANGUAGE_LABELS[l])))
  language.value = 'javascript'
  const submit = h('button', { class: 'button primary wide', type: 'submit' })
  let error: HTMLElement | null = null
  let busy = false
  const setBusy = (b: boolean) => {
    busy = b
    submit.disabled = b
    submit.setAttribute('aria-busy', String(b))
    submit.textContent = b ? 'Creating…' : 'Create room'
  }
  const setError = (message: string | null) => {
    error?.remove()
    error = message === null ? null : h('div', { class: 'alert error', role: 'alert' }, h('strong', {}, 'Could not create the room.'), ` ${message}`)
    if (error) submit.before(error)
  }
  setBusy(false)

  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': `${id}-title`, novalidate: true },
    h('h2', { id: `${id}-title` }, 'Create an interview room'),
    h('div', { class: 'field' }, h('label', { for: `${id}-name` }, 'Title ', h('span', { class: 'optional' }, '(optional)')), title),
    h('div', { class: 'field' }, h('label', { for: `${id}-lang` }, 'Language'), language, h('p', { class: 'hint' }, 'Anyone who can edit may change it later.')),
    submit,
  )
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    if (busy) return
    setBusy(true)
    setError(null)
    const cleanTitle = title.value.trim()
    try {
      const room = await createRoom({ ...(cleanTitle ? { title: cleanTitle } : {}), language: language.value as Language })
      onCreated(room, cleanTitle || 'Untitled interview')
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Try again.')
    } finally {
      setBusy(false)
    }
  })
  return form
}
