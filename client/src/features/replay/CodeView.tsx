import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { Segment } from './engine.ts'

export interface CodeViewProps {
  segments: Segment[]
  /** A 0-based line to keep in view (the latest edit while playing), or null. */
  follow?: number | null
  color(author: string): string
  name(author: string): string
}

/** Pixels per line: fixed, so only the lines in view are drawn (replay.css sets the same). */
export const LINE_PX = 20
/** Lines drawn above and below the visible ones. */
const OVERSCAN = 20

type Line = Segment[]

/** Segments cut into lines (a segment spanning newlines becomes several pieces). */
export function toLines(segments: Segment[]): Line[] {
  const lines: Line[] = [[]]
  for (const s of segments) {
    const parts = s.text.split('\n')
    parts.forEach((part, i) => {
      if (i > 0) lines.push([])
      if (part) lines.at(-1)!.push({ text: part, author: s.author })
    })
  }
  return lines
}

/**
 * The code at one moment, read-only, each author's text tinted in their colour. A plain view
 * rather than Monaco: nothing is edited here, it redraws on every step of playback, and the replay
 * page stays light (no editor, no language workers). Only the lines in view are drawn, so a seek
 * in a long file costs the same as in a short one.
 */
export const CodeView = memo(function CodeView({ segments, follow = null, color, name }: CodeViewProps) {
  const lines = useMemo(() => toLines(segments), [segments])
  const box = useRef<HTMLDivElement>(null)
  const [view, setView] = useState({ top: 0, height: 600 })
  useLayoutEffect(() => {
    const el = box.current
    if (!el) return
    const read = () => setView({ top: el.scrollTop, height: el.clientHeight || 600 })
    read()
    el.addEventListener('scroll', read, { passive: true })
    const ro = new ResizeObserver(read)
    ro.observe(el)
    return () => {
      el.removeEventListener('scroll', read)
      ro.disconnect()
    }
  }, [])
  // Playback follows the edits: the edited line is scrolled into view when it is outside it.
  useLayoutEffect(() => {
    const el = box.current
    if (!el || follow === null) return
    const y = follow * LINE_PX
    if (y < el.scrollTop || y > el.scrollTop + el.clientHeight - 2 * LINE_PX) el.scrollTop = Math.max(0, y - el.clientHeight / 3)
  }, [follow, segments])
  const first = Math.max(0, Math.floor(view.top / LINE_PX) - OVERSCAN)
  const last = Math.min(lines.length, Math.ceil((view.top + view.height) / LINE_PX) + OVERSCAN)
  const shown = lines.slice(first, last)
  return (
    <div className="replay-code" ref={box} data-testid="replay-code">
      <div className="replay-code-inner" style={{ height: lines.length * LINE_PX + 20, ['--first' as string]: `${first * LINE_PX}px` }}>
        <pre className="replay-gutter" aria-hidden="true">
          {shown.map((_, i) => `${first + i + 1}\n`).join('')}
        </pre>
        <pre className="replay-text" tabIndex={0} aria-label={`Code, lines ${first + 1} to ${last} of ${lines.length}`}>
          <code>
            {shown.map((line, i) => (
              <span key={first + i}>
                {line.map((s, j) =>
                  s.author === '' ? (
                    <span key={j}>{s.text}</span>
                  ) : (
                    <span key={j} className="by" style={{ ['--author' as string]: color(s.author) }} title={name(s.author)}>
                      {s.text}
                    </span>
                  ),
                )}
                {'\n'}
              </span>
            ))}
          </code>
        </pre>
      </div>
    </div>
  )
})

/** The 0-based line of the first difference between two texts (where an edit happened), or null. */
export function changedLine(before: string, after: string): number | null {
  if (before === after) return null
  const n = Math.min(before.length, after.length)
  let i = 0
  while (i < n && before.charCodeAt(i) === after.charCodeAt(i)) i++
  let line = 0
  for (let k = 0; k < i; k++) if (after.charCodeAt(k) === 10) line++
  return line
}
