import { describe, expect, it } from 'vitest'
import { coverage, setValues, toggleLink } from './coverage.ts'
import { exportJson, exportMarkdown, importBank } from './io.ts'
import { emptyBank, type Bank } from './model.ts'
import { fieldStatus, starCompleteness, wordCount } from './star.ts'
import { BroughtBank } from '@nudge/shared'
import { headersOf } from './share.ts'

function sampleBank(): Bank {
  const bank = emptyBank()
  const outage = {
    id: 'story-outage', title: 'The Friday outage', tags: ['ownership', 'failure'], updatedAt: 1,
    situation: 'Our payments service went down on a Friday evening.\nHalf the team was away.',
    task: 'I was on call and had to restore it.', action: 'I rolled back, paged the database owner and wrote the timeline.\n```\nkubectl rollout undo\n```',
    result: 'Back in 14 minutes; no lost payments.', learning: 'Deploys freeze on Fridays now.',
  }
  const api = { ...outage, id: 'story-api', title: 'The API argument, part 1', tags: ['conflict'], situation: 'Two teams | one API.', task: '', action: '', result: '', learning: '' }
  bank.stories = [outage, api]
  bank.companies = [{ id: 'company-acme', name: 'Acme', memo: '# Values\n\n- Own it\n- Disagree openly', values: ['Own it', 'Disagree openly', 'Customers first'], map: { 'Own it': ['story-outage'], 'Disagree openly': ['story-api'] } }]
  return bank
}

describe('STAR completeness and word counts', () => {
  it('counts words and compares them with the suggested length per field', () => {
    expect(wordCount('  one two\nthree ')).toBe(3)
    expect(fieldStatus('action', '')).toMatchObject({ status: 'empty', words: 0 })
    expect(fieldStatus('task', 'I had to fix it')).toMatchObject({ status: 'short', min: 15, max: 50 })
    expect(fieldStatus('task', 'word '.repeat(30))).toMatchObject({ status: 'ok', words: 30 })
    expect(fieldStatus('situation', 'word '.repeat(81))).toMatchObject({ status: 'long' })
    const [outage, api] = sampleBank().stories
    expect(starCompleteness(outage!)).toEqual({ filled: 4, complete: true, missing: [] })
    expect(starCompleteness(api!)).toEqual({ filled: 1, complete: false, missing: ['task', 'action', 'result'] })
  })
})

describe('coverage of a company’s values', () => {
  it('finds gaps and overused stories, and ignores links to deleted stories', () => {
    const bank = sampleBank()
    const acme = bank.companies[0]!
    expect(coverage(acme, bank.stories)).toMatchObject({ gaps: ['Customers first'], overused: [], uses: { 'story-outage': 1, 'story-api': 1 } })
    let busy = setValues(acme, [...acme.values, 'Think big', 'Be frugal'])
    for (const v of ['Disagree openly', 'Customers first', 'Think big']) busy = toggleLink(busy, v, 'story-outage')
    const c = coverage(busy, bank.stories)
    expect(c.uses['story-outage']).toBe(4)
    expect(c.overused).toEqual(['story-outage'])
    expect(c.gaps).toEqual(['Be frugal'])
    expect(coverage(acme, [bank.stories[0]!]).gaps).toEqual(['Disagree openly', 'Customers first'])
    // Removing a value drops its links; unlinking twice restores the original.
    expect(setValues(acme, ['Own it']).map).toEqual({ 'Own it': ['story-outage'] })
    expect(toggleLink(toggleLink(acme, 'Own it', 'story-api'), 'Own it', 'story-api')).toEqual(acme)
  })
})

describe('export and import', () => {
  it('round-trips through JSON and Markdown (fences, pipes and line breaks included)', () => {
    const bank = sampleBank()
    expect(importBank(exportJson(bank))).toEqual({ ok: true, bank })
    const md = exportMarkdown(bank)
    expect(md).toContain('## Story: The Friday outage')
    expect(md).toContain('- Customers first <!-- stories:  -->')
    const back = importBank(md)
    if (!back.ok) throw new Error(back.message)
    const stamp = (b: Bank) => ({ ...b, stories: b.stories.map((s) => ({ ...s, updatedAt: 0 })) })
    expect(stamp(back.bank)).toEqual(stamp(bank))
    expect(importBank(exportMarkdown(back.bank))).toMatchObject({ ok: true })
  })

  it('refuses malformed files with a readable message', () => {
    expect(importBank('{"version": 1, "stories": [')).toMatchObject({ ok: false, message: expect.stringMatching(/^This is not valid JSON/) })
    expect(importBank('{"version": 2, "competencies": [], "stories": [], "companies": []}')).toMatchObject({ ok: false, message: expect.stringMatching(/does not match the story bank format:\n✖ .* at version/) })
    const noTitle = { ...sampleBank(), stories: [{ ...sampleBank().stories[0]!, title: '' }] }
    expect(importBank(JSON.stringify(noTitle))).toMatchObject({ ok: false, message: expect.stringMatching(/at stories\.0\.title/) })
    expect(importBank('Just some notes')).toMatchObject({ ok: false, message: expect.stringMatching(/Line 1: a Markdown story bank starts with "# Story bank"/) })
    expect(importBank('# Story bank\n\n## Story: X\n<!-- id: abcd -->\n### Action\n```\nnever closed')).toMatchObject({ ok: false, message: expect.stringMatching(/Line 6: this code fence is never closed/) })
    expect(importBank('# Story bank\n\nrandom line')).toMatchObject({ ok: false, message: expect.stringMatching(/Line 3: not part of the story bank format/) })
    const twice = { ...sampleBank(), stories: [sampleBank().stories[0]!, sampleBank().stories[0]!] }
    expect(importBank(JSON.stringify(twice))).toEqual({ ok: false, message: 'The file has two stories with the same id.' })
    expect(importBank('x'.repeat(2_000_001))).toMatchObject({ ok: false, message: expect.stringMatching(/too large/) })
  })
})

describe('bringing the bank into a round', () => {
  it('sends titles, tags and the chosen company’s values, never a word of story text', () => {
    const bank = sampleBank()
    const brought = headersOf(bank, 'company-acme')
    expect(BroughtBank.safeParse(brought).success).toBe(true)
    expect(brought.stories.map((s) => [s.title, s.values])).toEqual([['The Friday outage', ['Own it']], ['The API argument, part 1', ['Disagree openly']]])
    expect(brought.company).toEqual({ name: 'Acme', values: ['Own it', 'Disagree openly', 'Customers first'] })
    const wire = JSON.stringify(brought)
    for (const s of bank.stories) for (const f of ['situation', 'task', 'action', 'result', 'learning'] as const) if (s[f]) expect(wire).not.toContain(s[f].slice(0, 20))
    expect(headersOf(bank, null).company).toBeNull()
  })
})
