import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CandidateQuestionView, CustomQuestionInput, GENERIC_ANCHORS, competency } from '@nudge/shared'
import {
  BUNDLED_QUESTIONS_DIR,
  QuestionBank,
  QuestionBankError,
  QuestionFormatError,
  fromCustomInput,
  loadQuestionBank,
  parseQuestionFile,
  parseQuestionJson,
  serializeQuestion,
  serializeQuestionJson,
  toCandidateView,
  type Question,
} from './question-bank.ts'
import { safeParseQuestionFile } from './question-format.ts'

// Reference solutions, one per bundled coding question. Where practical they take a different
// (often brute-force) route from the solution outline, so a wrong expected value cannot hide
// behind the same mistake twice. Arguments arrive as decoded JSON, hence the loose signature.
type Solution = (...args: any[]) => unknown
type Edit = { op: 'insert'; at: number; text: string } | { op: 'delete'; at: number; count: number } | { op: 'undo' }

const reference: Record<string, Solution> = {
  'activity-streak': (days: number[]) => {
    const sorted = [...new Set(days)].sort((a, b) => a - b)
    let best = 0
    let run = 0
    sorted.forEach((d, i) => {
      run = i > 0 && d === sorted[i - 1]! + 1 ? run + 1 : 1
      best = Math.max(best, run)
    })
    return best
  },
  'balanced-template': (template: string) => {
    const opener: Record<string, string> = { ')': '(', ']': '[', '}': '{' }
    const stack: string[] = []
    let quoted = false
    for (const c of template) {
      if (c === "'") quoted = !quoted
      else if (quoted) continue
      else if ('([{'.includes(c)) stack.push(c)
      else if (opener[c] && stack.pop() !== opener[c]) return false
    }
    return stack.length === 0 && !quoted
  },
  'unique-log-lines': (lines: string[]) => lines.filter((l) => lines.indexOf(l) === lines.lastIndexOf(l)),
  'keystroke-compression': (keys: string) => {
    const packed = keys.replace(/(.)\1+/g, (run, c: string) => `${c}${run.length}`)
    return packed.length < keys.length ? packed : keys
  },
  'first-free-slot': (busy: number[][], dayStart: number, dayEnd: number, length: number) => {
    const free = (t: number) => busy.every(([s, e]) => t + length <= s! || e! <= t)
    for (let t = dayStart; t + length <= dayEnd; t++) if (free(t)) return t
    return -1
  },
  'edit-replay': (initial: string, ops: Edit[]) => {
    // Snapshots of every state instead of inverse operations.
    const states = [initial]
    for (const op of ops) {
      const text = states.at(-1)!
      if (op.op === 'undo') {
        if (states.length > 1) states.pop()
      } else if (op.op === 'insert') states.push(text.slice(0, op.at) + op.text + text.slice(op.at))
      else states.push(text.slice(0, op.at) + text.slice(op.at + op.count))
    }
    return states.at(-1)
  },
  'top-chat-words': (messages: string[], k: number) => {
    const counts = new Map<string, number>()
    for (const w of messages.join(' ').toLowerCase().match(/[a-z]+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1)
    return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).slice(0, k).map(([w]) => w)
  },
  'rooms-with-cleanup': (interviews: number[][], cleanup: number) => {
    // Each room holds the minute it is free again; any free room will do when starts are sorted.
    const rooms: number[] = []
    for (const [s, e] of [...interviews].sort((a, b) => a[0]! - b[0]!)) {
      const i = rooms.findIndex((free) => free <= s!)
      if (i >= 0) rooms[i] = e! + cleanup
      else rooms.push(e! + cleanup)
    }
    return rooms.length
  },
  'install-order': (packages: string[], deps: string[][]) => {
    const done = new Set<string>()
    while (done.size < packages.length) {
      const ready = packages.filter((p) => !done.has(p) && deps.every(([pkg, dep]) => pkg !== p || done.has(dep!)))
      if (ready.length === 0) return []
      done.add(ready.sort()[0]!)
    }
    return [...done]
  },
  'rolling-median': (xs: number[], k: number) =>
    xs.slice(0, xs.length - k + 1).map((_, i) => {
      const w = xs.slice(i, i + k).sort((a, b) => a - b)
      return k % 2 ? w[(k - 1) / 2] : (w[k / 2 - 1]! + w[k / 2]!) / 2
    }),
  'paragraph-wrap': (words: string[], width: number) => {
    // Every set of line breaks (2^(n-1) of them); the bundled cases are small.
    if (words.some((w) => w.length > width)) return -1
    let best = words.length === 0 ? 0 : Infinity
    for (let mask = 0; words.length > 0 && mask < 2 ** (words.length - 1); mask++) {
      const lines: string[][] = [[words[0]!]]
      words.slice(1).forEach((w, i) => (mask & (1 << i) ? lines.push([w]) : lines.at(-1)!.push(w)))
      const lengths = lines.map((l) => l.join(' ').length)
      if (lengths.some((n) => n > width)) continue
      best = Math.min(best, lengths.slice(0, -1).reduce((sum, n) => sum + (width - n) ** 2, 0))
    }
    return best
  },
  'path-glob': (pattern: string, path: string) => {
    // A translation to a regular expression rather than the DP of the outline.
    const source = pattern.replace(/\*{2,}|[^]/g, (t) =>
      t === '*' ? '[^/]*' : t === '?' ? '[^/]' : t.startsWith('**') ? '[^]*' : t.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    return new RegExp(`^${source}$`).test(path)
  },
}

describe('the bundled question bank', () => {
  let bank: QuestionBank
  let all: Question[]
  beforeAll(async () => {
    bank = await loadQuestionBank(BUNDLED_QUESTIONS_DIR)
    all = bank.list().map((s) => bank.get(s.id)!)
  })
  const byKind = (kind: string) => all.filter((q) => q.kind === kind)

  it('loads with enough questions of every kind', () => {
    expect(byKind('coding').length).toBeGreaterThanOrEqual(12)
    expect(byKind('behavioral').length).toBeGreaterThanOrEqual(12)
    expect(byKind('system-design').length).toBeGreaterThanOrEqual(3)
    expect(byKind('behavioral').filter((q) => q.tags.includes('values')).length).toBeGreaterThanOrEqual(3)
    expect(new Set(byKind('coding').map((q) => q.difficulty))).toEqual(new Set(['easy', 'medium', 'hard']))
  })

  it('behavioral questions probe catalogue competencies (each with 1–4 anchors), with follow-ups and a strong answer', () => {
    expect(byKind('behavioral').length).toBeGreaterThanOrEqual(26)
    for (const q of byKind('behavioral')) {
      if (q.kind !== 'behavioral') continue
      for (const c of q.competencies) expect(competency(c).anchors, `${q.id}: ${c}`).not.toBe(GENERIC_ANCHORS)
      expect(q.followUps.length, q.id).toBeGreaterThanOrEqual(2)
      expect(q.strongAnswer.length, q.id).toBeGreaterThanOrEqual(2)
    }
    // A competency outside the catalogue is reported, not silently accepted.
    const file = serializeQuestion(bank.get('cutting-scope')!).replace('- prioritization', '- grit')
    expect(safeParseQuestionFile(file)).toMatchObject({ ok: false, problems: expect.stringContaining('competencies') })
  })

  it('gives every coding question a hint ladder, js/ts/py starters and at least 4 tests', () => {
    for (const q of byKind('coding')) {
      if (q.kind !== 'coding') continue
      expect(q.hints.length, q.id).toBeGreaterThanOrEqual(3)
      expect(Object.keys(q.starter), q.id).toEqual(expect.arrayContaining(['javascript', 'typescript', 'python']))
      expect(q.tests.length, q.id).toBeGreaterThanOrEqual(4)
    }
  })

  it('has a reference solution for exactly the bundled coding questions', () => {
    expect(Object.keys(reference).sort()).toEqual(byKind('coding').map((q) => q.id).sort())
  })

  it('has test cases that the reference solutions pass', () => {
    for (const q of byKind('coding')) {
      if (q.kind !== 'coding') continue
      for (const t of q.tests) {
        expect(reference[q.id]!(...structuredClone(t.input)), `${q.id} ${JSON.stringify(t.input)}`).toEqual(t.expected)
      }
    }
  })

  it('shows candidates none of the hints, solutions, tests or rubric', () => {
    for (const q of all) {
      const view = toCandidateView(q)
      const text = JSON.stringify(view)
      const secrets = [
        ...q.hints.map((h) => h.text),
        ...(q.kind === 'coding' ? [q.solution, ...q.tests.map((t) => JSON.stringify(t))] : []),
        // Competencies are catalogue ids (public words that tags may share); the key check below covers them.
        ...(q.kind === 'behavioral' ? [...q.followUps, ...q.strongAnswer] : []),
        ...(q.kind === 'system-design' ? q.checkpoints.flatMap((c) => c.prompts) : []),
      ]
      for (const secret of secrets) expect(text.includes(JSON.stringify(secret).slice(1, -1)), `${q.id}: ${secret}`).toBe(false)
      for (const key of ['hints', 'solution', 'tests', 'followUps', 'strongAnswer', 'competencies', 'checkpoints']) {
        expect(view, q.id).not.toHaveProperty(key)
      }
      expect(CandidateQuestionView.safeParse(JSON.parse(text)).success).toBe(true)
    }
  })

  it('lists summaries only', () => {
    const summaries = bank.list()
    expect(summaries).toHaveLength(all.length)
    for (const s of summaries) expect(Object.keys(s).sort()).toEqual(['difficulty', 'id', 'kind', 'tags', 'title'])
    expect(bank.list({ kind: 'system-design' }).every((s) => s.kind === 'system-design')).toBe(true)
    expect(bank.get('no-such-question')).toBeUndefined()
  })

  it('round-trips every question through Markdown and JSON losslessly', () => {
    for (const q of all) {
      expect(parseQuestionFile(serializeQuestion(q)), q.id).toEqual(q)
      expect(parseQuestionJson(serializeQuestionJson(q)), q.id).toEqual(q)
      expect(serializeQuestion(parseQuestionFile(serializeQuestion(q))), q.id).toBe(serializeQuestion(q))
    }
  })
})

describe('an invalid question bank', () => {
  let dir: string
  let sample: string
  beforeAll(async () => {
    sample = await readFile(join(BUNDLED_QUESTIONS_DIR, 'coding', 'activity-streak.md'), 'utf8')
  })
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  async function bankError(files: Record<string, string>): Promise<QuestionBankError> {
    dir = await mkdtemp(join(tmpdir(), 'nudge-questions-'))
    for (const [file, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, file)), { recursive: true })
      await writeFile(join(dir, file), text)
    }
    const error = await loadQuestionBank(dir).then(() => undefined, (e: unknown) => e)
    expect(error).toBeInstanceOf(QuestionBankError)
    return error as QuestionBankError
  }

  it('names the file and the missing field', async () => {
    const { message } = await bankError({ 'coding/activity-streak.md': sample.replace(/^functionName:.*\n/m, '') })
    expect(message).toMatch(/coding\/activity-streak\.md\n[\s\S]*functionName/)
  })

  it('names the file with an unknown kind', async () => {
    const { message } = await bankError({ 'coding/activity-streak.md': sample.replace('kind: coding', 'kind: quiz') })
    expect(message).toMatch(/coding\/activity-streak\.md\n[\s\S]*kind/)
  })

  it('rejects an id that differs from the file name', async () => {
    const { message } = await bankError({ 'coding/streak.md': sample })
    expect(message).toContain('coding/streak.md')
    expect(message).toContain('id "activity-streak" must equal the file name "streak"')
  })

  it('rejects duplicate ids across folders and a kind in the wrong folder', async () => {
    const { problems } = await bankError({ 'coding/activity-streak.md': sample, 'behavioral/activity-streak.md': sample })
    expect(problems).toEqual([
      { file: join('behavioral', 'activity-streak.md'), problems: expect.stringContaining('already used by coding/activity-streak.md') },
    ])
    expect(problems[0]!.problems).toContain('does not belong in the behavioral/ folder')
  })

  it('lists every invalid file in one error, with YAML line numbers', async () => {
    const { message, problems } = await bankError({
      'coding/activity-streak.md': sample,
      'coding/broken-yaml.md': '---\nid: broken-yaml\ntags: [a\n---\nbody',
      'system-design/no-front-matter.md': '# Just Markdown',
      'behavioral/typo.md': sample.replace('id: activity-streak', 'id: typo').replace('hints:', 'hint:'),
    })
    expect(problems.map((p) => p.file)).toEqual([
      join('coding', 'broken-yaml.md'), join('behavioral', 'typo.md'), join('system-design', 'no-front-matter.md'),
    ])
    expect(message).toMatch(/3 file\(s\)/)
    expect(message).toMatch(/line 3/)
    expect(message).toMatch(/Unrecognized key: "hint"/)
  })
})

describe('single-question import and custom questions', () => {
  it('explains what is wrong with an imported file or JSON', () => {
    expect(() => parseQuestionFile('no front matter')).toThrow(QuestionFormatError)
    expect(() => parseQuestionJson('{')).toThrow(/Not valid JSON/)
    expect(() => parseQuestionJson({ kind: 'behavioral', id: 'x' })).toThrow(/title/)
  })

  it('turns an interviewer-written question into views that hide its hints', () => {
    const input = CustomQuestionInput.parse({
      title: 'Reverse a playlist',
      kind: 'coding',
      statement: 'Reverse the list in place.',
      hints: [{ text: 'Two indices walking towards each other.' }],
      starter: { python: 'def reverse(xs):\n    pass\n' },
    })
    const full = fromCustomInput('custom-abc123', input)
    expect(full).toMatchObject({ kind: 'coding', durationMinutes: 45, tests: [], hints: input.hints })
    expect(JSON.stringify(toCandidateView(full))).not.toContain('Two indices')
    expect(CustomQuestionInput.safeParse({ ...input, kind: 'behavioral' }).success).toBe(false)
  })
})
