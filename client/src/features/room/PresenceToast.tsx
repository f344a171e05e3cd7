import { useEffect, useState } from 'react'

/**
 * "Ivy (interviewer) left" / "Ada joined": a small notice that fades after a few seconds, and a
 * polite live region, so nobody finds out only from an overtime clock that the others are gone.
 */
export function PresenceToast({ notice }: { notice: { seq: number; text: string } | null }) {
  const [shown, setShown] = useState<{ seq: number; text: string } | null>(null)
  useEffect(() => {
    if (!notice) return
    setShown(notice)
    const t = setTimeout(() => setShown((s) => (s?.seq === notice.seq ? null : s)), 6000)
    return () => clearTimeout(t)
  }, [notice])
  return (
    <div className="presence-toast-region" role="status" aria-live="polite">
      {shown && (
        <div className="toast presence-toast" data-testid="presence-notice">
          {shown.text}
        </div>
      )}
    </div>
  )
}
