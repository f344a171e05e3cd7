import { COPY_FAILED_HINT, COPY_RESET_MS, COPY_STATUS, copyText, type CopyState } from '../../lib/clipboard.ts'
import { h } from './dom.ts'

/**
 * The landing page's copy button, the same DOM as the React CopyButton: the button, a polite
 * status line, and the failure hint while copying failed. `what` completes the accessible name.
 */
export function copyButton(text: string, inputId: string, what: string): Node[] {
  const button = h('button', { type: 'button' })
  const status = h('span', { class: 'visually-hidden', role: 'status' })
  const hint = h('span', { class: 'copy-failed' }, COPY_FAILED_HINT)
  let timer: ReturnType<typeof setTimeout> | undefined
  const show = (state: CopyState) => {
    button.className = `button secondary copy ${state}`
    button.replaceChildren(
      ...(state === 'copied' ? [h('span', { 'aria-hidden': 'true' }, '✓'), 'Copied'] : ['Copy']),
      h('span', { class: 'visually-hidden' }, ` ${what}`),
    )
    status.textContent = COPY_STATUS[state]
    if (state === 'failed') status.after(hint)
    else hint.remove()
  }
  button.addEventListener('click', async () => {
    const ok = await copyText(text, inputId)
    clearTimeout(timer)
    show(ok ? 'copied' : 'failed')
    timer = setTimeout(() => show('idle'), COPY_RESET_MS)
  })
  show('idle')
  return [button, status]
}
