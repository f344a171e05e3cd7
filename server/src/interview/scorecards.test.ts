import { describe, expect, it } from 'vitest'
import { RUBRICS } from '@nudge/shared'
import { ADA, IVY, T0, runningRound } from './fixtures.ts'
import { saveScorecard, saveSelfAssessment, shareScorecard } from './scorecards.ts'

const all = (kind: keyof typeof RUBRICS, score: 1 | 2 | 3 | 4) =>
  Object.fromEntries(RUBRICS[kind].map((c) => [c.id, { score, comment: `${c.id} ok` }]))

describe('scorecards', () => {
  it('uses the coding rubric, merges drafts and submits only when every criterion is scored', () => {
    expect(RUBRICS.coding.map((c) => c.id)).toEqual(['clarification', 'communication', 'problem-solving', 'code-quality', 'testing', 'independence'])
    const draft = saveScorecard(runningRound(), { entries: { testing: { score: 2, comment: 'no edge cases' } }, summary: '', submit: false }, IVY, T0)
    expect(draft.scorecard).toMatchObject({ submitted: false, shared: false, entries: { testing: { score: 2 } } })
    expect(() => saveScorecard(draft.round, { entries: {}, summary: '', submit: true }, IVY, T0)).toThrow(/Score every criterion/)
    const done = saveScorecard(draft.round, { entries: { ...all('coding', 3), testing: { score: 2, comment: 'no edge cases' } }, summary: 'Solid', submit: true }, IVY, T0 + 1)
    expect(done.scorecard).toMatchObject({ submitted: true, summary: 'Solid', entries: { testing: { score: 2 }, independence: { score: 3 } } })
  })

  it('rejects criteria of another rubric', () => {
    expect(() => saveScorecard(runningRound(), { entries: { situation: { score: 3, comment: '' } }, summary: '', submit: false }, IVY, T0)).toThrow(/Not in the coding rubric: situation/)
    const behavioral = { ...runningRound(), kind: 'behavioral' as const }
    expect(saveSelfAssessment(behavioral, { entries: all('behavioral', 4), summary: '', submit: true }, ADA, T0).selfAssessment.submitted).toBe(true)
  })

  it('shares only a submitted scorecard, and a shared one is final', () => {
    const r = runningRound()
    expect(() => shareScorecard(r)).toThrow(/Submit/)
    const done = saveScorecard(r, { entries: all('coding', 4), summary: '', submit: true }, IVY, T0)
    const shared = shareScorecard(done.round)
    expect(shared.scorecard.shared).toBe(true)
    expect(() => saveScorecard(shared.round, { entries: {}, summary: 'changed', submit: false }, IVY, T0)).toThrow(/already shared/)
  })
})
