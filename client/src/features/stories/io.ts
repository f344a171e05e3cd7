import { BANK_LIMITS, Bank, FIELD_LABELS, STORY_FIELDS, type Company, type Story, type StoryField } from './model.ts'

/**
 * Export and import of the story bank as JSON (the Bank schema) or Markdown (readable, and read
 * back by `importBank`). An import is parsed and validated completely before anything replaces
 * the bank in use, so a bad file changes nothing; its error says what is wrong and where.
 */

export type ImportResult = { ok: true; bank: Bank } | { ok: false; message: string }

export const exportJson = (bank: Bank): string => `${JSON.stringify(bank, null, 2)}\n`

/** A fence longer than any backtick run in the text, so the text cannot close it. */
const fenceFor = (text: string) => '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)))
/** Keeps a one-line field on one line. */
const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ')

export function exportMarkdown(bank: Bank): string {
  const out = ['# Story bank', '', `Competencies: ${bank.competencies.join(', ')}`]
  for (const s of bank.stories) {
    out.push('', `## Story: ${oneLine(s.title)}`, `<!-- id: ${s.id} -->`, `Tags: ${s.tags.join(', ')}`)
    for (const f of STORY_FIELDS) {
      const fence = fenceFor(s[f])
      out.push('', `### ${FIELD_LABELS[f]}`, fence, s[f], fence)
    }
  }
  for (const c of bank.companies) {
    out.push('', `## Company: ${oneLine(c.name)}`, `<!-- id: ${c.id} -->`, '', '### Values')
    for (const v of c.values) out.push(`- ${oneLine(v)} <!-- stories: ${(c.map[v] ?? []).join(' ')} -->`)
    const fence = fenceFor(c.memo)
    out.push('', '### Memo', fence, c.memo, fence)
  }
  return `${out.join('\n')}\n`
}

const LABEL_TO_FIELD = Object.fromEntries(STORY_FIELDS.map((f) => [FIELD_LABELS[f], f])) as Record<string, StoryField>

/** Reads the Markdown `exportMarkdown` writes. Throws an Error naming the line on bad input. */
function parseMarkdown(text: string): unknown {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  if (lines[0]?.trim() !== '# Story bank') throw new Error('Line 1: a Markdown story bank starts with "# Story bank".')
  const bank = { version: 1, competencies: [] as string[], stories: [] as Story[], companies: [] as Company[] }
  let story: Story | null = null
  let company: Company | null = null
  let section: string | null = null
  const id = (i: number) => {
    const m = /^<!-- id: (\S+) -->$/.exec(lines[i + 1]?.trim() ?? '')
    if (!m) throw new Error(`Line ${i + 2}: expected "<!-- id: … -->" after the heading.`)
    return m[1]!
  }
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!
    let m: RegExpExecArray | null
    if ((m = /^Competencies:\s*(.*)$/.exec(line)) && !story && !company) {
      bank.competencies = m[1]!.split(',').map((s) => s.trim()).filter(Boolean)
    } else if ((m = /^## Story: (.+)$/.exec(line))) {
      story = { id: id(i), title: m[1]!.trim(), situation: '', task: '', action: '', result: '', learning: '', tags: [], updatedAt: Date.now() }
      company = null
      bank.stories.push(story)
      i++
    } else if ((m = /^## Company: (.+)$/.exec(line))) {
      company = { id: id(i), name: m[1]!.trim(), memo: '', values: [], map: {} }
      story = null
      bank.companies.push(company)
      i++
    } else if ((m = /^Tags:\s*(.*)$/.exec(line)) && story) {
      story.tags = m[1]!.split(',').map((s) => s.trim()).filter(Boolean)
    } else if ((m = /^### (.+)$/.exec(line))) {
      section = m[1]!.trim()
    } else if (/^`{3,}$/.test(line.trim())) {
      const fence = line.trim()
      const end = lines.findIndex((l, j) => j > i && l.trim() === fence)
      if (end === -1) throw new Error(`Line ${i + 1}: this code fence is never closed.`)
      const body = lines.slice(i + 1, end).join('\n')
      if (story && section && section in LABEL_TO_FIELD) story[LABEL_TO_FIELD[section]!] = body
      else if (company && section === 'Memo') company.memo = body
      else throw new Error(`Line ${i + 1}: a text block outside a story field or a company memo.`)
      i = end
    } else if ((m = /^- (.+?) <!-- stories: ([^>]*)-->$/.exec(line)) && company && section === 'Values') {
      const value = m[1]!.trim()
      company.values.push(value)
      const ids = m[2]!.trim().split(/\s+/).filter(Boolean)
      if (ids.length > 0) company.map[value] = ids
    } else if (line.trim() !== '') {
      throw new Error(`Line ${i + 1}: not part of the story bank format: "${line.slice(0, 60)}"`)
    }
  }
  return bank
}

/** Parses and validates an import; the bank is returned only if all of it is valid. */
export function importBank(text: string): ImportResult {
  if (text.length > BANK_LIMITS.importBytes) return { ok: false, message: `The file is too large (${Math.round(text.length / 1000)} kB; at most ${BANK_LIMITS.importBytes / 1000} kB).` }
  const trimmed = text.trimStart()
  let data: unknown
  try {
    data = trimmed.startsWith('{') ? JSON.parse(trimmed) : parseMarkdown(trimmed)
  } catch (err) {
    const what = trimmed.startsWith('{') ? 'This is not valid JSON' : 'This is not a story bank in Markdown'
    return { ok: false, message: `${what}: ${(err as Error).message}` }
  }
  const parsed = Bank.safeParse(data)
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `✖ ${i.message}${i.path.length ? ` at ${i.path.join('.')}` : ''}`)
    return { ok: false, message: `The file does not match the story bank format:\n${problems.join('\n')}` }
  }
  const ids = parsed.data.stories.map((s) => s.id)
  if (new Set(ids).size !== ids.length) return { ok: false, message: 'The file has two stories with the same id.' }
  return { ok: true, bank: parsed.data }
}
