import { memo } from 'react'
import type { Segment } from './engine.ts'

export interface CodeViewProps {
  segments: Segment[]
  color(author: string): string
  name(author: string): string
}

/**
 * The code at one moment, read-only, each author's text tinted in their colour. A plain <pre>
 * rather than Monaco: nothing is edited here, it redraws on every step of playback, and the
 * replay page stays light (no editor, no language workers).
 */
export const CodeView = memo(function CodeView({ segments, color, name }: CodeViewProps) {
  const text = segments.map((s) => s.text).join('')
  const lines = text.split('\n').length
  return (
    <div className="replay-code" data-testid="replay-code">
      <pre className="replay-gutter" aria-hidden="true">
        {Array.from({ length: lines }, (_, i) => `${i + 1}\n`).join('')}
      </pre>
      <pre className="replay-text" tabIndex={0} aria-label="Code">
        <code>
          {segments.map((s, i) =>
            s.author === '' ? (
              <span key={i}>{s.text}</span>
            ) : (
              <span key={i} className="by" style={{ ['--author' as string]: color(s.author) }} title={name(s.author)}>
                {s.text}
              </span>
            ),
          )}
        </code>
      </pre>
    </div>
  )
})
