import { useState } from 'react'
import { Brand } from '../common/Brand.tsx'
import { ThemeToggle } from '../common/ThemeToggle.tsx'
import { BankTransfer } from './BankTransfer.tsx'
import { CompanyPanel } from './CompanyPanel.tsx'
import { newStory } from './model.ts'
import { starCompleteness } from './star.ts'
import { StoryEditor } from './StoryEditor.tsx'
import { useStoryBank } from './useStoryBank.ts'
import './stories.css'

/** `/stories`: the candidate's story bank, kept in this browser only. */
export default function StoryBankPage() {
  const { state, update } = useStoryBank()
  const [selected, setSelected] = useState<string | null>(null)
  return (
    <div className="page">
      <header className="topbar">
        <Brand />
        <span className="topbar-note">
          My story bank · {state.status === 'ready' ? `kept in ${state.where}${state.saving ? ' · saving…' : ' · saved'}` : 'loading'}
        </span>
        <ThemeToggle />
      </header>
      <main className="story-bank" id="main">
        <h1>My story bank</h1>
        <p className="lede">
          Write your stories once in STAR form, tag them, and map them to the values of the companies you target. Nothing
          here leaves this browser unless you bring it into a behavioral round.
        </p>
        {state.status === 'loading' && <p role="status" className="muted">Opening your story bank…</p>}
        {state.status === 'error' && <div className="alert error" role="alert">{state.message}</div>}
        {state.status === 'ready' && (() => {
          const { bank } = state
          const story = bank.stories.find((s) => s.id === selected) ?? bank.stories[0] ?? null
          return (
            <>
              <section className="bank-section bank-stories" aria-label="Stories">
                <div className="story-list">
                  <h2>Stories <span className="count">{bank.stories.length}</span></h2>
                  <ul>
                    {bank.stories.map((s) => (
                      <li key={s.id}>
                        <button type="button" className="story-pick" aria-current={s.id === story?.id ? 'true' : undefined} onClick={() => setSelected(s.id)}>
                          <span>{s.title}</span>
                          <span className="muted small">STAR {starCompleteness(s).filled}/4 · {s.tags.length} tag{s.tags.length === 1 ? '' : 's'}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                  <button
                    type="button"
                    className="button primary small"
                    disabled={bank.stories.length >= 100}
                    onClick={() => {
                      const s = newStory()
                      update({ ...bank, stories: [...bank.stories, s] })
                      setSelected(s.id)
                    }}
                  >
                    + New story
                  </button>
                </div>
                {story ? <StoryEditor key={story.id} bank={bank} story={story} onChange={update} /> : <p className="muted">No stories yet. Start with one you tell often.</p>}
              </section>
              <CompanyPanel bank={bank} onChange={update} />
              <BankTransfer bank={bank} onReplace={update} />
            </>
          )
        })()}
      </main>
    </div>
  )
}
