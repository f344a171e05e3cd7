import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { RawClient } from './clients/raw.ts'
import { HocuspocusClient, YWebsocketClient } from './clients/providers.ts'
import type { ClientEvents, DocClient } from './clients/types.ts'
import { HintChannel } from './hints.ts'
import type { ClientMode, RoomSpec, ServerTarget, Workload } from './protocol.ts'
import type { Recorder } from './recorder.ts'

const now = () => performance.now()
const SENT = 1
const RECEIVED = 2
/** What the candidate types (doc-model.ts types the same). */
export const LETTERS = 'abcdefghijklmnopqrstuvwxyz      ();=.'

export type Role = 'candidate' | 'interviewer' | 'observer' | 'probe'

export interface Ctx {
  target: ServerTarget
  workload: Workload
  clients: ClientMode
  recorder: Recorder
}

/** Builds the client for one role of one room, the way that server's users would connect. */
export function makeClient(ctx: Ctx, spec: RoomSpec, role: Role, events: ClientEvents): DocClient {
  const { kind } = ctx.target
  // Scaled mode: the candidate on one node, everyone else on another, so edits cross nodes.
  const wsUrl = role !== 'candidate' && ctx.target.peerWsUrl ? ctx.target.peerWsUrl : ctx.target.wsUrl
  // Raw mode: the interviewer and observer read the stream without a document (the interviewer
  // stamps keystrokes from the update's struct ids), so the load generator stays far lighter
  // than the server it drives; the candidate and reconnecting probes hold real documents.
  const needsDoc = role === 'candidate' || role === 'probe' || ctx.clients === 'provider' || kind === 'hocuspocus'
  const doc = needsDoc ? new Y.Doc() : null
  if (kind === 'hocuspocus') return new HocuspocusClient(wsUrl, spec.id, doc!, events)
  const token = spec.tokens?.[role === 'probe' ? 'interviewer' : role]
  if (ctx.clients === 'provider') {
    const base = kind === 'nudge' ? `${wsUrl}/yjs` : wsUrl
    return new YWebsocketClient(base, spec.id, token ? { token } : {}, doc!, events)
  }
  const url = kind === 'nudge' ? `${wsUrl}/yjs/${spec.id}?token=${token}&nudge=1` : `${wsUrl}/${spec.id}`
  return new RawClient(url, doc, events)
}

/**
 * One interview room's participants. The candidate types in bursts; the interviewer's cursor
 * moves a few times a second and a hint goes out now and then; an observer may watch.
 * Every keystroke is stamped (monotonic clock of this process) where the candidate applies it,
 * keyed by its Yjs id (candidate client, clock), and measured where the interviewer applies it.
 */
export class RoomActor {
  candidate!: DocClient
  interviewer!: DocClient
  observer: DocClient | null = null
  hints: HintChannel | null = null
  private sentAt = new Float64Array(256)
  private flags = new Uint8Array(256)
  private clock = 0
  private durableUpTo = 0
  private hintSeq = 0
  private hintSentAt = new Map<number, number>()
  private timers = new Set<NodeJS.Timeout>()
  active = false

  constructor(readonly spec: RoomSpec, private readonly ctx: Ctx) {}

  private get rec(): Recorder {
    return this.ctx.recorder
  }

  async connect(timeoutMs: number): Promise<void> {
    const events: ClientEvents = { error: (w) => this.rec.error(w) }
    this.candidate = makeClient(this.ctx, this.spec, 'candidate', events)
    this.interviewer = makeClient(this.ctx, this.spec, 'interviewer', events)
    if (this.spec.observer) this.observer = makeClient(this.ctx, this.spec, 'observer', events)
    const all = [this.candidate, this.interviewer, ...(this.observer ? [this.observer] : [])]
    for (const c of all) c.connect()
    const waits: Promise<unknown>[] = all.map((c) => c.synced())
    if (this.ctx.target.kind === 'nudge' && this.spec.tokens) {
      this.hints = new HintChannel(this.ctx.target.url, this.spec.id, this.spec.tokens, {
        error: (w) => this.rec.error(w),
        received: (seq) => this.onHint(seq),
      })
      waits.push(this.hints.connect(timeoutMs))
    }
    await withTimeout(Promise.all(waits), timeoutMs, `room ${this.spec.id} connect`)
    this.candidate.setAwareness({ user: { name: 'Candidate', color: '#f97316' } })
    this.observer?.setAwareness({ user: { name: 'Observer', color: '#22c55e' } })
    this.interviewer.setAwareness(this.cursorState())
    this.interviewer.onRemoteUpdate = this.onInterviewerUpdate
    this.candidate.onAwareness = this.onCandidateAwareness
    this.candidate.onDurable = this.onDurable
    // Connected clients renew their awareness whether or not anyone types (stock providers do it themselves).
    const renewS = this.ctx.workload.awarenessRenewS
    if (this.ctx.clients === 'raw' && this.ctx.target.kind !== 'hocuspocus' && renewS > 0) {
      this.renewTimer = setTimeout(() => this.renewTick(), Math.random() * renewS * 1000)
    }
  }

  activate(): void {
    if (this.active) return
    this.active = true
    const w = this.ctx.workload
    this.after(Math.random() * 1000, () => this.burst())
    if (w.cursorHz > 0) this.after(Math.random() * (1000 / w.cursorHz), () => this.cursorTick())
    if (this.hints && w.hintEveryS > 0) this.after(expo(w.hintEveryS * 1000), () => this.hintTick())
  }

  quiesce(): void {
    this.active = false
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
  }

  close(): void {
    this.quiesce()
    if (this.renewTimer) clearTimeout(this.renewTimer)
    this.renewTimer = null
    this.hints?.close()
    for (const c of [this.candidate, this.interviewer, this.observer]) c?.destroy()
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t)
      if (this.active) fn()
    }, ms)
    this.timers.add(t)
  }

  /** A burst of 3–20 keystrokes at one place, 80–150 ms apart, then a pause that keeps the average rate. */
  private burst(): void {
    const cps = this.ctx.workload.typingCps
    if (cps <= 0) return
    const keyMs = Math.min(115, 600 / cps)
    const len = 3 + Math.floor(Math.random() * 18)
    const text = this.candidate.doc!.getText('code')
    let pos = Math.floor(Math.random() * (text.length + 1))
    let typed = 0
    const key = () => {
      this.keystroke(text, pos++)
      if (++typed < len) this.after(keyMs * (0.7 + Math.random() * 0.6), key)
      else this.after(expo(Math.max(50, (len / cps) * 1000 - (len - 1) * keyMs)), () => this.burst())
    }
    key()
  }

  private keystroke(text: Y.Text, pos: number): void {
    const clock = this.clock++
    if (clock >= this.sentAt.length) this.grow()
    const ch = clock % 40 === 39 ? '\n' : LETTERS[Math.floor(Math.random() * LETTERS.length)]!
    const t = now()
    this.sentAt[clock] = t
    if (this.rec.measuring) {
      this.flags[clock] = SENT
      this.rec.keystrokesSent++
    }
    // Applying the edit sends it (the client listens to the doc's update event).
    text.insert(Math.min(pos, text.length), ch)
  }

  private grow(): void {
    const sentAt = new Float64Array(this.sentAt.length * 2)
    sentAt.set(this.sentAt)
    const flags = new Uint8Array(this.flags.length * 2)
    flags.set(this.flags)
    this.sentAt = sentAt
    this.flags = flags
  }

  private onInterviewerUpdate = (update: Uint8Array): void => {
    const t = now()
    const id = this.candidate.doc!.clientID
    const { from, to } = Y.parseUpdateMeta(update)
    const start = from.get(id)
    if (start === undefined) return
    const end = to.get(id)!
    for (let c = start; c < end && c < this.clock; c++) {
      if (this.flags[c] !== SENT) continue
      this.flags[c] = RECEIVED
      this.rec.keystrokesReceived++
      this.rec.edit.push(t - this.sentAt[c]!)
    }
  }

  private onDurable = (sv: Map<number, number>): void => {
    const t = now()
    const upTo = Math.min(sv.get(this.candidate.doc!.clientID) ?? 0, this.clock)
    for (let c = this.durableUpTo; c < upTo; c++) {
      if (this.flags[c]) this.rec.durable.push(t - this.sentAt[c]!)
    }
    this.durableUpTo = Math.max(this.durableUpTo, upTo)
  }

  private cursorState(): Record<string, unknown> {
    // The shape y-monaco publishes: relative positions of the selection, plus our send stamp.
    const client = this.candidate.doc?.clientID ?? 0
    const clock = Math.floor(Math.random() * Math.max(1, this.clock))
    const rel = (c: number) => ({ type: null, tname: null, item: { client, clock: c }, assoc: 0 })
    return {
      user: { name: 'Interviewer', color: '#3b82f6' },
      selection: { anchor: rel(clock), head: rel(clock + (Math.random() < 0.2 ? 5 : 0)) },
      t: now(),
    }
  }

  private cursorTick(): void {
    this.interviewer.setAwareness(this.cursorState())
    const period = 1000 / this.ctx.workload.cursorHz
    this.after(period * (0.8 + Math.random() * 0.4), () => this.cursorTick())
  }

  private onCandidateAwareness = (clientId: number, state: () => unknown): void => {
    if (clientId !== this.interviewer.clientId) return
    const t = (state() as { t?: unknown } | null)?.t
    // A renewal re-sends the same state (same stamp): only the first arrival of a move counts.
    if (typeof t !== 'number' || t === this.lastCursorT) return
    this.lastCursorT = t
    if (this.rec.inWindow(t)) this.rec.awareness.push(now() - t)
  }

  private lastCursorT = 0

  private renewTimer: NodeJS.Timeout | null = null

  /** Like y-protocols' Awareness: renew the local state before the server's 30 s timeout drops it. */
  private renewTick(): void {
    this.candidate.setAwareness({ user: { name: 'Candidate', color: '#f97316' } })
    this.observer?.setAwareness({ user: { name: 'Observer', color: '#22c55e' } })
    if (!this.active) this.interviewer.setAwareness(this.cursorState())
    this.renewTimer = setTimeout(() => this.renewTick(), this.ctx.workload.awarenessRenewS * 1000)
  }

  private hintTick(): void {
    const seq = ++this.hintSeq
    const t = now()
    if (this.rec.measuring) {
      this.hintSentAt.set(seq, t)
      this.rec.hintsSent++
    }
    this.hints!.send(seq)
    this.after(expo(this.ctx.workload.hintEveryS * 1000), () => this.hintTick())
  }

  private onHint(seq: number): void {
    const t = this.hintSentAt.get(seq)
    if (t === undefined) return
    this.hintSentAt.delete(seq)
    this.rec.hintsReceived++
    this.rec.hint.push(now() - t)
  }
}

/** Exponentially distributed delay with the given mean (Poisson arrivals). */
export function expo(meanMs: number): number {
  return -Math.log(1 - Math.random()) * meanMs
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms)
    p.then(
      (v) => {
        clearTimeout(t)
        resolve(v)
      },
      (e: unknown) => {
        clearTimeout(t)
        reject(e instanceof Error ? e : new Error(String(e)))
      },
    )
  })
}
