import { useMemo, type ReactNode } from 'react'
import { parseMarkdown, parseInline, type Block, type Inline } from './markdown.ts'

/** Renders the safe Markdown subset as React elements: text stays text, there is no innerHTML. */
export function Markdown({ source, className = 'md' }: { source: string; className?: string }) {
  const blocks = useMemo(() => parseMarkdown(source), [source])
  return <div className={className}>{blocks.map(renderBlock)}</div>
}

/** One line of inline Markdown (hints, answers, titles) without paragraph margins. */
export function InlineMarkdown({ source }: { source: string }) {
  const nodes = useMemo(() => parseInline(source), [source])
  return <>{nodes.map(renderInline)}</>
}

function renderBlock(b: Block, key: number): ReactNode {
  switch (b.type) {
    case 'p':
      return <p key={key}>{b.children.map(renderInline)}</p>
    case 'h': {
      // Statements sit under the panel's own heading: their headings start one level lower.
      const Tag = (['h3', 'h4', 'h5', 'h6'] as const)[b.level - 1]!
      return <Tag key={key}>{b.children.map(renderInline)}</Tag>
    }
    case 'list':
      return b.ordered ? (
        <ol key={key} start={b.start === 1 ? undefined : b.start}>
          {b.items.map((item, i) => (
            <li key={i}>{item.map(renderInline)}</li>
          ))}
        </ol>
      ) : (
        <ul key={key}>
          {b.items.map((item, i) => (
            <li key={i}>{item.map(renderInline)}</li>
          ))}
        </ul>
      )
    case 'code':
      return (
        <pre key={key} className="md-code" tabIndex={0} aria-label={b.lang ? `${b.lang} code` : 'Code'}>
          <code>{b.text}</code>
        </pre>
      )
    case 'quote':
      return <blockquote key={key}>{b.children.map(renderBlock)}</blockquote>
    case 'hr':
      return <hr key={key} />
  }
}

function renderInline(n: Inline, key: number): ReactNode {
  switch (n.type) {
    case 'text':
      return n.text
    case 'code':
      return <code key={key}>{n.text}</code>
    case 'strong':
      return <strong key={key}>{n.children.map(renderInline)}</strong>
    case 'em':
      return <em key={key}>{n.children.map(renderInline)}</em>
    case 'br':
      return <br key={key} />
    case 'link':
      return (
        <a key={key} href={n.href} target="_blank" rel="noopener noreferrer nofollow">
          {n.children.map(renderInline)}
        </a>
      )
  }
}
