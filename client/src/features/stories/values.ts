import { BEHAVIORAL_LIMITS } from '@nudge/shared'
import { BANK_LIMITS } from './model.ts'

/**
 * Splits a pasted values or culture memo into values. Memos come in a few shapes, tried in order:
 * Markdown headings (the most frequent heading level wins: a title and an "Our values" heading sit
 * above the values themselves); list items (numbered before bulleted: values are numbered, the
 * behaviours under them bulleted; "**Name** — text" and "Name: text" keep the name); short title
 * lines each followed by a paragraph (leadership-principle documents); and prose ("Our values are
 * A, B and C"). The result is a starting point: the candidate edits the list.
 */

export type ExtractResult =
  | { ok: true; values: string[]; shape: 'headings' | 'list' | 'titles' | 'prose' }
  | { ok: false; message: string }

const GENERIC = /^(?:(?:our|the|core|company|[a-z]+'s)\s+)?(?:values|core values|principles|leadership principles|culture|culture memo|mission|vision|about(?: us)?|introduction|overview|who we are|what we believe|how we work|summary)\s*:?$/i
const EMPHASIS = /[*_`]+/g
const words = (s: string) => (s.trim() === '' ? 0 : s.trim().split(/\s+/).length)

/** Strips numbering ("1.", "2)", "IV."), emphasis, links and trailing punctuation. */
function clean(s: string): string {
  return s
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s*(?:\d{1,2}|[ivxlc]{1,5})[.)]\s+/i, '')
    .replace(EMPHASIS, '')
    .replace(/[\s:.;,—–-]+$/, '')
    .trim()
}

/** The name part of a list item: bold text, or the part before a dash or colon, or a short item. */
function itemName(item: string): string | null {
  const bold = /^\s*(?:\*\*|__)(.+?)(?:\*\*|__)/.exec(item)
  if (bold) return clean(bold[1]!)
  const head = item.split(/\s+[—–-]\s+|:\s+|\.\s+/)[0]!
  if (head !== item && words(head) <= 8) return clean(head)
  return words(item) <= 8 ? clean(item) : null
}

const isTitleLine = (l: string) => words(l) >= 1 && words(l) <= 7 && !/[.!?,;]$/.test(l) && !/^[-*+•>|]/.test(l) && /^[\p{Lu}\d"“]/u.test(l)

function finish(raw: (string | null)[], shape: 'headings' | 'list' | 'titles' | 'prose'): ExtractResult {
  const seen = new Set<string>()
  const values: string[] = []
  for (const r of raw) {
    const v = r?.slice(0, BEHAVIORAL_LIMITS.valueName).trim()
    if (!v || GENERIC.test(v) || seen.has(v.toLowerCase())) continue
    seen.add(v.toLowerCase())
    values.push(v)
  }
  if (values.length < 2) return { ok: false, message: NOTHING_FOUND }
  return { ok: true, values: values.slice(0, BEHAVIORAL_LIMITS.valuesPerCompany), shape }
}

const NOTHING_FOUND = 'No list of values found. Put each value on its own line (a list or headings) and try again, or add them by hand.'

export function extractValues(memo: string): ExtractResult {
  if (memo.length > BANK_LIMITS.memoChars) {
    return { ok: false, message: `This memo is ${memo.length.toLocaleString('en')} characters; Nudge reads up to ${BANK_LIMITS.memoChars.toLocaleString('en')}. Paste just the part that lists the values.` }
  }
  const lines = memo.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ').split('\n')
  if (lines.every((l) => l.trim() === '')) return { ok: false, message: 'Paste a values or culture memo first.' }

  // 1. Markdown headings: the level with the most non-generic headings (deeper on a tie).
  const byLevel = new Map<number, string[]>()
  for (const l of lines) {
    const m = /^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$/.exec(l)
    if (!m) continue
    const h = clean(m[2]!)
    if (!h || GENERIC.test(h)) continue
    byLevel.set(m[1]!.length, [...(byLevel.get(m[1]!.length) ?? []), h])
  }
  const best = [...byLevel.entries()].sort((a, b) => b[1].length - a[1].length || b[0] - a[0])[0]
  if (best && best[1].length >= 2) return finish(best[1], 'headings')

  // 2. List items, top level only: numbered before bulleted.
  const items = (re: RegExp) => {
    const found = lines.map((l) => re.exec(l)).filter((m): m is RegExpExecArray => m !== null)
    const indent = Math.min(...found.map((m) => m[1]!.length))
    return found.filter((m) => m[1]!.length === indent).map((m) => itemName(m[2]!))
  }
  const numbered = items(/^(\s*)(?:\d{1,2}|[ivxlc]{1,5})[.)]\s+(.+)$/i)
  if (numbered.filter(Boolean).length >= 2) return finish(numbered, 'list')
  const bullets = items(/^(\s*)[-*+•]\s+(.+)$/)
  if (bullets.filter(Boolean).length >= 2) return finish(bullets, 'list')

  // 3. Title lines followed by a longer paragraph line.
  const trimmed = lines.map((l) => l.trim())
  const titles: string[] = []
  trimmed.forEach((l, i) => {
    const next = trimmed.slice(i + 1).find((x) => x !== '')
    if (isTitleLine(l) && next !== undefined && !isTitleLine(next) && words(next) > words(l) + 3) titles.push(clean(l))
  })
  if (titles.length >= 2) return finish(titles, 'titles')

  // 4. Prose: "our values are A, B and C" / "we value A, B, and C".
  const prose = /(?:values|principles)\s+(?:are|is)\s*:?\s*([^.\n]+)|we\s+(?:value|believe in)\s+([^.\n]+)/i.exec(memo)
  if (prose) return finish((prose[1] ?? prose[2]!).split(/,|;|\band\b/).map((s) => clean(s)).map((s) => s.charAt(0).toUpperCase() + s.slice(1)), 'prose')
  return { ok: false, message: NOTHING_FOUND }
}
