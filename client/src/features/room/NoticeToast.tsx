import { useEffect } from 'react'
import type { Notice } from '../../collab/status.ts'

/** Shows a server notice (read-only, too large, …) for a few seconds. */
export function NoticeToast({ notice, onDismiss }: { notice: Notice | null; onDismiss: (seq: number) => void }) {
  useEffect(() => {
    if (!notice) return
    const t = setTimeout(() => onDismiss(notice.seq), 8000)
    return () => clearTimeout(t)
  }, [notice, onDismiss])
  if (!notice) return null
  return (
    <div className={`toast notice-${notice.code}`} data-testid="notice">
      <span>{notice.message}</span>
      <button className="button link" type="button" onClick={() => onDismiss(notice.seq)} aria-label="Dismiss message">
        ✕
      </button>
    </div>
  )
}
