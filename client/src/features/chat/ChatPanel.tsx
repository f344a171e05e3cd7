import { useEffect, useId, useRef, useState, useSyncExternalStore, type FormEvent, type KeyboardEvent } from 'react'
import { CHAT_CALL_LIMITS, type ChatMessage, type Participant } from '@nudge/shared'
import type { ChatCallClient } from '../../realtime/chatCallClient.ts'

const URL_RE = /(https?:\/\/[^\s<>"]+)/g
const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })

/** http(s) links become links; everything else stays text (React escapes it). */
function Linked({ text }: { text: string }) {
  const parts = text.split(URL_RE)
  return <>{parts.map((p, i) => (i % 2 ? <a key={i} href={p} target="_blank" rel="noopener noreferrer">{p}</a> : p))}</>
}

/**
 * The room chat. An interviewer can write privately to an observer (a mentor) and an observer to
 * the interviewer; the candidate's chat only ever holds room messages.
 */
export function ChatPanel({ chat, you, participants, visible }: { chat: ChatCallClient; you: Participant; participants: Participant[]; visible: boolean }) {
  const id = useId()
  const { messages } = useSyncExternalStore(chat.subscribe, chat.getSnapshot)
  const [text, setText] = useState('')
  const [to, setTo] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const log = useRef<HTMLOListElement>(null)
  const whisperRole = you.role === 'interviewer' ? 'observer' : you.role === 'observer' ? 'interviewer' : null
  const whisperTo = participants.filter((p) => p.role === whisperRole && p.online && p.id !== you.id)

  useEffect(() => {
    chat.setReading(visible)
    return () => chat.setReading(false)
  }, [chat, visible])
  useEffect(() => {
    const el = log.current
    if (el) el.scrollTop = el.scrollHeight
  }, [messages.length])

  async function submit(e?: FormEvent) {
    e?.preventDefault()
    const clean = text.trim()
    if (!clean || sending) return
    setSending(true)
    try {
      await chat.send(clean, to || undefined)
      setText('')
      setError(null)
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not sent.')
    } finally {
      setSending(false)
    }
  }
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault()
      void submit()
    }
  }

  return (
    <div className="chat">
      <ol className="chat-log" ref={log} aria-label="Chat messages" aria-live="polite">
        {messages.length === 0 && <li className="muted">No messages yet. Links and snippets are welcome.</li>}
        {messages.map((m) => <Message key={m.id} m={m} youId={you.id} />)}
      </ol>
      <form className="chat-form" onSubmit={submit}>
        <label htmlFor={`${id}-t`} className="visually-hidden">Message</label>
        <textarea
          id={`${id}-t`}
          value={text}
          maxLength={CHAT_CALL_LIMITS.chatText}
          placeholder="Message the room (Enter to send)"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKey}
        />
        {whisperRole && (
          <label>
            To{' '}
            <select value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="">Everyone</option>
              {whisperTo.map((p) => <option key={p.id} value={p.id}>{p.name} only (private)</option>)}
            </select>
          </label>
        )}
        <button type="submit" className="button small" disabled={sending || !text.trim()}>Send</button>
        {error && <p className="alert error" role="alert">{error}</p>}
      </form>
    </div>
  )
}

function Message({ m, youId }: { m: ChatMessage; youId: string }) {
  return (
    <li data-testid="chat-message">
      {m.to && <span className="private">{m.from.id === youId ? `Private to ${m.to.name}` : 'Private'}</span>}
      <span className="who">{m.from.id === youId ? 'You' : m.from.name}</span>
      <Linked text={m.text} />
      <time dateTime={new Date(m.at).toISOString()}>{time(m.at)}</time>
    </li>
  )
}
