import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DOC } from '@nudge/shared'
import { DocHistory, authoredSegments, codeText, type TimedUpdate } from './engine.ts'
import * as prng from 'lib0/prng'

/** A seeded PRNG (lib0's): every failure is reproducible from its seed. */
const rng = (seed: number) => {
  const gen = prng.create(seed)
  return () => prng.real53(gen)
}

/**
 * Two people typing into their own copies of a document that sync now and then, as the server
 * would record it: each update with its time and author, and the server's text after each one.
 */
function session(seed: number, steps: number) {
  const r = rng(seed)
  const server = new Y.Doc()
  server.getText(DOC.text).insert(0, 'function f() {\n}\n')
  const base = Y.encodeStateAsUpdate(server)
  const people = ['ada', 'ivy'].map((name) => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, base)
    const outbox: Uint8Array[] = []
    doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && outbox.push(u))
    return { name, doc, outbox }
  })
  const updates: TimedUpdate[] = []
  const truth: { at: number; text: string }[] = []
  let now = 1_000_000
  for (let i = 0; i < steps; i++) {
    now += Math.floor(r() * 3000)
    const p = people[r() < 0.7 ? 0 : 1]!
    const text = p.doc.getText(DOC.text)
    if (r() < 0.75 || text.length < 5) text.insert(Math.floor(r() * (text.length + 1)), r() < 0.05 ? 'x'.repeat(120) : 'abc;\n'.slice(0, 1 + Math.floor(r() * 5)))
    else text.delete(Math.floor(r() * (text.length - 3)), 1 + Math.floor(r() * 3))
    // Sometimes the edits reach the server (and the other person) only later, batched.
    if (r() < 0.6) {
      for (const u of p.outbox.splice(0)) {
        Y.applyUpdate(server, u)
        updates.push({ at: now, author: p.name, data: u })
        truth.push({ at: now, text: server.getText(DOC.text).toString() })
        for (const o of people) if (o !== p) Y.applyUpdate(o.doc, u, 'remote')
      }
    }
  }
  return { base, updates, truth, start: 1_000_000, end: now }
}

describe('DocHistory (replay)', { timeout: 30_000 }, () => {
  it('the document rebuilt at any time t equals what the server had at t (many seeds)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const s = session(seed, 400)
      const h = new DocHistory(s.base, 16)
      // Loaded in pages, as the page does.
      for (let i = 0; i < s.updates.length; i += 37) h.append(s.updates.slice(i, i + 37))
      const r = rng(seed * 7)
      for (let k = 0; k < 60; k++) {
        const t = s.start + Math.floor(r() * (s.end - s.start + 1))
        const last = s.truth.filter((x) => x.at <= t).at(-1)
        expect(codeText(h.docAt(t)), `seed ${seed}, t ${t}`).toBe(last?.text ?? 'function f() {\n}\n')
      }
      h.destroy()
    }
  })

  it('seeking through keyframes equals the full replay, forwards, backwards and at random', () => {
    const s = session(99, 800)
    const h = new DocHistory(s.base, 50)
    h.append(s.updates)
    const r = rng(5)
    const counts = [0, s.updates.length, ...Array.from({ length: 80 }, () => Math.floor(r() * (s.updates.length + 1)))]
    for (let c = 0; c <= s.updates.length; c += 7) counts.push(c)
    for (const c of counts) {
      const slow = h.slowDocAfter(s.base, c)
      expect(codeText(h.docAfter(c))).toBe(codeText(slow))
      slow.destroy()
    }
  })

  it('colours text by author and flags pastes', () => {
    const s = session(3, 300)
    const h = new DocHistory(s.base, 64)
    h.append(s.updates)
    const doc = h.docAfter(s.updates.length)
    const segs = authoredSegments(doc, h.clients)
    expect(segs.map((x) => x.text).join('')).toBe(codeText(doc))
    expect(new Set(segs.map((x) => x.author))).toEqual(new Set(['', 'ada', 'ivy']))
    expect(h.inserted.some((n) => n >= 120)).toBe(true)
  })
})
