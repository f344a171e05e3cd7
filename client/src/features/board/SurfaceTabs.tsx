import { useEffect, useState } from 'react'
import type { QuestionKind } from '@nudge/shared'

export type Surface = 'code' | 'board'

/** A system-design round starts on the board, other rounds on the code; each new round re-decides. */
export const defaultSurface = (kind: QuestionKind | null): Surface => (kind === 'system-design' ? 'board' : 'code')

export function useSurface(kind: QuestionKind | null, round: number | null): [Surface, (s: Surface) => void] {
  const [surface, setSurface] = useState<Surface>(defaultSurface(kind))
  useEffect(() => setSurface(defaultSurface(kind)), [kind, round])
  return [surface, setSurface]
}

export interface SurfaceTabsProps {
  surface: Surface
  onSurface: (s: Surface) => void
  codeLabel: string
}

/** Code and board, one click apart. Arrow keys move between the two tabs (WAI-ARIA tabs). */
export function SurfaceTabs({ surface, onSurface, codeLabel }: SurfaceTabsProps) {
  const tabs: Array<[Surface, string]> = [['code', codeLabel], ['board', 'Board']]
  return (
    <div className="tabs surface-tabs" role="tablist" aria-label="Shared surface">
      {tabs.map(([s, label]) => (
        <button
          key={s}
          type="button"
          role="tab"
          id={`surface-tab-${s}`}
          className="tab"
          aria-selected={surface === s}
          aria-controls={`surface-${s}`}
          tabIndex={surface === s ? 0 : -1}
          onClick={() => onSurface(s)}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return
            const next = s === 'code' ? 'board' : 'code'
            onSurface(next)
            document.getElementById(`surface-tab-${next}`)?.focus()
          }}
        >
          {label}
        </button>
      ))}
    </div>
  )
}
