import { useEffect, useState } from 'react'

type State = 'idle' | 'copied' | 'failed'

async function copy(text: string, inputId: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    // The async Clipboard API needs a secure context (https or localhost); fall back to
    // selecting the field and the legacy copy command.
    const input = document.getElementById(inputId) as HTMLInputElement | null
    if (!input) return false
    input.focus()
    input.select()
    try {
      return document.execCommand('copy')
    } catch {
      return false
    }
  }
}

/** `what` completes the accessible name ("Copy candidate link") without changing the visible text. */
export function CopyButton({ text, inputId, what }: { text: string; inputId: string; what: string }) {
  const [state, setState] = useState<State>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const t = setTimeout(() => setState('idle'), 2000)
    return () => clearTimeout(t)
  }, [state])
  return (
    <>
      <button
        type="button"
        className={`button secondary copy ${state}`}
        onClick={async () => setState((await copy(text, inputId)) ? 'copied' : 'failed')}
      >
        {state === 'copied' && <span aria-hidden="true">✓</span>}
        {state === 'copied' ? 'Copied' : 'Copy'}
        <span className="visually-hidden"> {what}</span>
      </button>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? 'Link copied to the clipboard' : state === 'failed' ? 'Could not copy: the link is selected, press Ctrl+C' : ''}
      </span>
      {state === 'failed' && <span className="copy-failed">Press Ctrl+C to copy</span>}
    </>
  )
}
