/**
 * A small Markdown subset for question statements, hints and answers, parsed into a tree that is
 * rendered as React elements (Markdown.tsx). Nothing is ever parsed as HTML and nothing is set with
 * innerHTML: a `<script>` in a question is just text. Links keep only http(s) and mailto targets.
 *
 * Supported: paragraphs, `#`–`####` headings, `-`/`*`/`1.` lists (one level, with continuation
 * lines), fenced and indented code blocks, `>` quotes, `---` rules, `code`, **strong**, *em* or _em_,
 * [links](https://…) and hard line breaks (two trailing spaces or a trailing backslash).
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'br' }

export type Block =
  | { type: 'p'; children: Inline[] }
  | { type: 'h'; level: 1 | 2 | 3 | 4; children: Inline[] }
  | { type: 'list'; ordered: boolean; start: number; items: Inline[][] }
  | { type: 'code'; lang: string; text: string }
  | { type: 'quote'; children: Block[] }
  | { type: 'hr' }

const SAFE_HREF = /^(https?:\/\/|mailto:)[^\s]*$/i

/** Only absolute http(s) and mailto links survive; anything else (javascript:, data:, relative) does not. */
export function safeHref(href: string): string | null {
  const h = href.trim()
  return SAFE_HREF.test(h) ? h : null
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)\s*$/
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/
const BULLET = /^ {0,3}[-*+]\s+(.*)$/
const ORDERED = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/
const QUOTE = /^ {0,3}>\s?(.*)$/
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/
const BLANK = /^\s*$/

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n')
  return parseBlocks(lines)
}

function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = []
  let i = 0
  const startsBlock = (l: string) =>
    FENCE.test(l) || HEADING.test(l) || BULLET.test(l) || ORDERED.test(l) || QUOTE.test(l) || RULE.test(l)

  while (i < lines.length) {
    const line = lines[i]!
    if (BLANK.test(line)) {
      i++
      continue
    }
    const fence = FENCE.exec(line)
    if (fence) {
      const marker = fence[1]!
      const body: string[] = []
      i++
      while (i < lines.length && !lines[i]!.trimStart().startsWith(marker)) body.push(lines[i++]!)
      i++ // closing fence (or end of input)
      blocks.push({ type: 'code', lang: fence[2] ?? '', text: body.join('\n') })
      continue
    }
    if (line.startsWith('    ')) {
      const body: string[] = []
      while (i < lines.length && (lines[i]!.startsWith('    ') || BLANK.test(lines[i]!))) body.push(lines[i++]!.slice(4))
      while (body.length && BLANK.test(body[body.length - 1]!)) body.pop()
      blocks.push({ type: 'code', lang: '', text: body.join('\n') })
      continue
    }
    if (RULE.test(line)) {
      blocks.push({ type: 'hr' })
      i++
      continue
    }
    const heading = HEADING.exec(line)
    if (heading) {
      const level = Math.min(4, heading[1]!.length) as 1 | 2 | 3 | 4
      blocks.push({ type: 'h', level, children: parseInline(heading[2]!) })
      i++
      continue
    }
    if (QUOTE.test(line)) {
      const body: string[] = []
      while (i < lines.length && QUOTE.test(lines[i]!)) body.push(QUOTE.exec(lines[i++]!)![1]!)
      blocks.push({ type: 'quote', children: parseBlocks(body) })
      continue
    }
    const bullet = BULLET.exec(line)
    const ordered = ORDERED.exec(line)
    if (bullet || ordered) {
      const isOrdered = !bullet
      const itemRe = isOrdered ? ORDERED : BULLET
      const items: string[][] = []
      while (i < lines.length) {
        const l = lines[i]!
        const m = itemRe.exec(l)
        if (m) {
          items.push([isOrdered ? m[2]! : m[1]!])
          i++
          continue
        }
        // Indented (or lazy) continuation of the current item; a blank line ends the list unless
        // the next line is another item.
        if (BLANK.test(l)) {
          const next = lines[i + 1]
          if (next !== undefined && itemRe.test(next)) {
            i++
            continue
          }
          break
        }
        if (startsBlock(l) && !/^\s{2,}/.test(l)) break
        items[items.length - 1]!.push(l.trim())
        i++
      }
      blocks.push({
        type: 'list',
        ordered: isOrdered,
        start: isOrdered ? Number(ordered![1]) : 1,
        items: items.map((parts) => parseInline(joinLines(parts))),
      })
      continue
    }
    const para: string[] = []
    while (i < lines.length && !BLANK.test(lines[i]!) && !(para.length && startsBlock(lines[i]!))) para.push(lines[i++]!)
    blocks.push({ type: 'p', children: parseInline(joinLines(para)) })
  }
  return blocks
}

/** Soft line breaks become spaces; a hard break (two spaces or `\` at the end) is kept as "\n". */
function joinLines(parts: string[]): string {
  return parts
    .map((p, idx) => {
      const last = idx === parts.length - 1
      if (!last && (/ {2,}$/.test(p) || /\\$/.test(p))) return p.replace(/(\s+|\\)$/, '') + '\n'
      return p.trim() + (last ? '' : ' ')
    })
    .join('')
}

const ESCAPABLE = '\\`*_{}[]()#+-.!>|~'

export function parseInline(src: string): Inline[] {
  const out: Inline[] = []
  let text = ''
  const flush = () => {
    if (text) out.push({ type: 'text', text })
    text = ''
  }
  let i = 0
  while (i < src.length) {
    const ch = src[i]!
    if (ch === '\\' && i + 1 < src.length && ESCAPABLE.includes(src[i + 1]!)) {
      text += src[i + 1]
      i += 2
      continue
    }
    if (ch === '\n') {
      flush()
      out.push({ type: 'br' })
      i++
      continue
    }
    if (ch === '`') {
      let n = 1
      while (src[i + n] === '`') n++
      const fence = '`'.repeat(n)
      const close = src.indexOf(fence, i + n)
      if (close !== -1) {
        flush()
        const body = src.slice(i + n, close)
        out.push({ type: 'code', text: /^ .* $/.test(body) ? body.slice(1, -1) : body })
        i = close + n
        continue
      }
      text += fence
      i += n
      continue
    }
    if ((ch === '*' || ch === '_') && src[i + 1] === ch) {
      const close = src.indexOf(ch + ch, i + 2)
      if (close > i + 2) {
        flush()
        out.push({ type: 'strong', children: parseInline(src.slice(i + 2, close)) })
        i = close + 2
        continue
      }
    }
    if (ch === '*' || ch === '_') {
      // `_` inside a word (snake_case) is not emphasis.
      const wordBefore = ch === '_' && i > 0 && /\w/.test(src[i - 1]!)
      const close = findEmClose(src, i + 1, ch)
      if (!wordBefore && close > i + 1 && !/\s/.test(src[i + 1]!)) {
        flush()
        out.push({ type: 'em', children: parseInline(src.slice(i + 1, close)) })
        i = close + 1
        continue
      }
    }
    if (ch === '[') {
      const m = /^\[([^\]\n]+)\]\(([^)\s]+)\)/.exec(src.slice(i))
      if (m) {
        flush()
        const href = safeHref(m[2]!)
        const children = parseInline(m[1]!)
        if (href) out.push({ type: 'link', href, children })
        else out.push(...children)
        i += m[0].length
        continue
      }
    }
    text += ch
    i++
  }
  flush()
  return out
}

function findEmClose(src: string, from: number, ch: string): number {
  for (let j = from; j < src.length; j++) {
    if (src[j] === '\\') {
      j++
      continue
    }
    if (src[j] === '`') {
      const close = src.indexOf('`', j + 1)
      if (close === -1) return -1
      j = close
      continue
    }
    if (src[j] === ch && src[j + 1] !== ch && !/\s/.test(src[j - 1]!)) {
      if (ch === '_' && j + 1 < src.length && /\w/.test(src[j + 1]!)) continue
      return j
    }
  }
  return -1
}

/** Plain text of inline nodes, for accessible names and previews. */
export function inlineText(nodes: readonly Inline[]): string {
  return nodes
    .map((n) => (n.type === 'text' || n.type === 'code' ? n.text : n.type === 'br' ? ' ' : inlineText(n.children)))
    .join('')
}
