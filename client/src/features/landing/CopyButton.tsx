import { useEffect, useState } from 'react'
import { COPY_FAILED_HINT, COPY_RESET_MS, COPY_STATUS, copyText, type CopyState } from '../../lib/clipboard.ts'

/** `what` completes the accessible name ("Copy candidate link") without changing the visible text. */
export function CopyButton({ text, inputId, what }: { text: string; inputId: string; what: string }) {
  const [state, setState] = useState<CopyState>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const t = setTimeout(() => setState('idle'), COPY_RESET_MS)
    return () => clearTimeout(t)
  }, [state])
  return (
    <>
      <button
        type="button"
        className={`button secondary copy ${state}`}
        onClick={async () => setState((await copyText(text, inputId)) ? 'copied' : 'failed')}
      >
        {state === 'copied' && <span aria-hidden="true">✓</span>}
        {state === 'copied' ? 'Copied' : 'Copy'}
        <span className="visually-hidden"> {what}</span>
      </button>
      <span className="visually-hidden" role="status">
        {COPY_STATUS[state]}
      </span>
      {state === 'failed' && <span className="copy-failed">{COPY_FAILED_HINT}</span>}
    </>
  )
}
