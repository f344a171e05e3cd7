import { useId, useState } from 'react'
import { SCORE_LABELS, STAR_LABELS, STAR_PARTS, type AnswerView, type StoryHeader } from '@nudge/shared'
import { headersOf, storyText } from '../../stories/share.ts'
import type { Bank } from '../../stories/model.ts'
import { useStoryBank } from '../../stories/useStoryBank.ts'
import { useInterview } from '../InterviewContext.tsx'
import { useAction } from '../useAction.ts'

/**
 * The candidate's side of a behavioral round: bring the story bank's titles and tags (never its
 * text), say which story each answer told, review each answer, and share a story's text once
 * the answer is over, if they want to.
 */
export default function CandidatePanel({ answers }: { answers: AnswerView[] }) {
  const id = useId()
  const { state, client, live } = useInterview()
  const { state: bankState } = useStoryBank({ refreshOnFocus: true })
  const action = useAction()
  const [companyId, setCompanyId] = useState<string>('')
  const brought = state.behavioral?.bank ?? null
  if (bankState.status !== 'ready') {
    return <section className="stage-card"><p className={bankState.status === 'error' ? 'field-error' : 'muted'}>{bankState.status === 'error' ? bankState.message : 'Opening your story bank…'}</p></section>
  }
  const bank = bankState.bank
  const bring = () => action.run(() => client.run('bank:bring', headersOf(bank, companyId || null)))
  return (
    <section className="stage-card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Your story bank</h3>
      {bank.stories.length === 0 ? (
        <p className="muted">
          No stories yet. <a href="/stories" target="_blank" rel="noopener">Open My story bank</a> in a new tab to write some, then come back.
        </p>
      ) : (
        <div className="bring">
          <p className="hint">
            Bringing it shows the interviewer your stories’ <strong>titles and tags only</strong> (and which company values they back), so they can
            pick follow-ups. The text stays in this browser unless you share a story.
          </p>
          <div className="composer-row">
            {bank.companies.length > 0 && (
              <>
                <label htmlFor={`${id}-co`}>Target company</label>
                <select id={`${id}-co`} value={companyId} onChange={(e) => setCompanyId(e.target.value)}>
                  <option value="">None</option>
                  {bank.companies.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
                </select>
              </>
            )}
            <button type="button" className="button secondary small" disabled={!live || action.busy} onClick={() => void bring()}>
              {brought ? 'Bring again (update)' : 'Bring my story bank'}
            </button>
          </div>
          {brought && <p className="hint" role="status">Brought {brought.stories.length} stories{brought.company ? ` and ${brought.company.name}’s values` : ''}.</p>}
          <a className="small" href="/stories" target="_blank" rel="noopener">Edit my story bank (new tab)</a>
        </div>
      )}
      {answers.map((a, i) => <SelfReview key={a.id} n={i + 1} answer={a} bank={bank} brought={brought?.stories ?? []} />)}
      {action.error && <p className="field-error" role="alert">{action.error}</p>}
    </section>
  )
}

function SelfReview({ n, answer, bank, brought }: { n: number; answer: AnswerView; bank: Bank; brought: StoryHeader[] }) {
  const id = useId()
  const { client, live, state } = useInterview()
  const action = useAction()
  const self = answer.self
  const story = bank.stories.find((s) => s.id === self?.storyId) ?? null
  const shared = state.behavioral?.shared.some((s) => s.id === story?.id) ?? false
  const over = answer.followUpAt !== null || answer.endedAt !== null
  const send = (patch: Omit<Parameters<typeof client.run<'answer:self'>>[1], 'answerId'>) =>
    action.run(() => client.run('answer:self', { answerId: answer.id, ...patch }))
  function share() {
    if (!story) return
    const header = brought.find((h) => h.id === story.id) ?? { id: story.id, title: story.title, tags: story.tags, values: [] }
    return action.run(() => client.run('story:share', { story: header, answerId: answer.id, text: storyText(story) }))
  }
  return (
    <div className="self-review" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>Answer {n}: {answer.title}</h4>
      {brought.length > 0 && (
        <div className="composer-row">
          <label htmlFor={`${id}-s`}>Story I told</label>
          <select id={`${id}-s`} value={self?.storyId ?? ''} disabled={!live} onChange={(e) => void send({ storyId: e.target.value || null })}>
            <option value="">None / not from my bank</option>
            {brought.map((s) => <option key={s.id} value={s.id}>{s.title}</option>)}
          </select>
        </div>
      )}
      <div className="self-star" role="group" aria-label={`My STAR for answer ${n}`}>
        {STAR_PARTS.map((p) => (
          <label key={p} className="chip-check">
            <input type="checkbox" checked={self?.star[p] ?? false} disabled={!live} onChange={() => void send({ star: { [p]: !(self?.star[p] ?? false) } })} />
            {STAR_LABELS[p]}
          </label>
        ))}
        <label htmlFor={`${id}-score`} className="small">My score</label>
        <select id={`${id}-score`} value={self?.score ?? ''} disabled={!live} onChange={(e) => void send({ score: e.target.value ? Number(e.target.value) : null })}>
          <option value="">–</option>
          {([1, 2, 3, 4] as const).map((s) => <option key={s} value={s}>{s} · {SCORE_LABELS[s]}</option>)}
        </select>
      </div>
      {story && (
        <button type="button" className="button ghost small" disabled={!live || !over || shared || action.busy} onClick={() => void share()}>
          {shared ? 'Story shared' : over ? `Share “${story.title}” with the room` : 'You can share the story after the answer'}
        </button>
      )}
      {action.error && <p className="field-error" role="alert">{action.error}</p>}
    </div>
  )
}
