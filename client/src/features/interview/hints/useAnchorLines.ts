import { useEffect, useMemo, useState } from 'react'
import type { SentHint } from '@nudge/shared'
import type { CollabSession } from '../../../collab/session.ts'
import { resolveAnchor } from './anchors.ts'

/**
 * The line each anchored hint points at in this browser's copy of the code, kept current while
 * anyone types (the anchors are CRDT positions, so they move with the code they point at).
 */
export function useAnchorLines(session: CollabSession | null, hints: readonly SentHint[]): Map<string, number> {
  const [version, setVersion] = useState(0)
  const anchored = hints.some((h) => h.anchor)
  useEffect(() => {
    if (!session || !anchored) return
    const text = session.text
    let frame = 0
    // Coalesce bursts of keystrokes into one recomputation per frame.
    const onChange = () => {
      if (!frame) frame = requestAnimationFrame(() => {
        frame = 0
        setVersion((v) => v + 1)
      })
    }
    text.observe(onChange)
    return () => {
      text.unobserve(onChange)
      if (frame) cancelAnimationFrame(frame)
    }
  }, [session, anchored])
  return useMemo(() => {
    const lines = new Map<string, number>()
    if (!session) return lines
    for (const h of hints) {
      if (!h.anchor) continue
      const at = resolveAnchor(h.anchor.position, session.text)
      if (at) lines.set(h.id, at.line)
    }
    return lines
    // `version` stands for the text's content.
  }, [session, hints, version])
}
