import type { CaseResult, RunError, RunStatus } from '@nudge/shared'

/** One case as the runner receives it: `index` is its place in the question's test list. */
export interface SandboxCase {
  index: number
  input: unknown[]
  expected: unknown
}

export interface SandboxRequest {
  language: 'javascript' | 'python'
  code: string
  functionName?: string
  /** null for a plain run. */
  tests: SandboxCase[] | null
  timeLimitMs: number
}

export interface SandboxResult {
  status: Exclude<RunStatus, 'running' | 'abandoned'>
  cases: CaseResult[]
  error: RunError | null
  output: string
  outputTruncated: boolean
  durationMs: number
}

export type PythonState = 'cold' | 'warming' | 'ready' | 'failed'

interface Pending {
  onOutput(text: string): void
  resolve(r: SandboxResult): void
  timer: number
}

/** Slack on top of the run's own time limit before the page gives up on the frame itself. */
const FRAME_SLACK_MS = 20_000

const randomNonce = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')

/**
 * The page's side of the code runner (docs/runner.md): a hidden iframe from /runner/frame.html
 * with sandbox="allow-scripts" and never allow-same-origin, so code typed by the other person runs
 * in an opaque origin that cannot read this page's invite secret, storage or cookies, nor call
 * Nudge's API as us. Messages are matched by the frame's window and a per-frame nonce; a frame
 * that navigates or reloads is thrown away and rebuilt.
 */
export class Sandbox {
  private frame!: HTMLIFrameElement
  private nonce = ''
  private loads = 0
  private ready!: Promise<void>
  private markReady!: () => void
  private readonly pending = new Map<string, Pending>()
  private seq = 0
  private warmPython = false
  python: PythonState = 'cold'
  onPython: (state: PythonState) => void = () => {}

  constructor(private readonly parent: HTMLElement = document.body) {
    window.addEventListener('message', this.onMessage)
    this.build()
  }

  private build() {
    this.nonce = randomNonce()
    this.loads = 0
    this.ready = new Promise((resolve) => (this.markReady = resolve))
    const frame = document.createElement('iframe')
    frame.setAttribute('sandbox', 'allow-scripts')
    frame.title = 'Code runner'
    frame.className = 'runner-frame'
    frame.setAttribute('aria-hidden', 'true')
    frame.tabIndex = -1
    frame.src = `/runner/frame.html#n=${this.nonce}&o=${encodeURIComponent(location.origin)}`
    frame.addEventListener('load', () => {
      // The frame's code must not navigate it to something else that would then hold our nonce.
      if (++this.loads > 1) this.rebuild('The runner reloaded; it was restarted.')
    })
    this.frame = frame
    this.parent.append(frame)
    if (this.warmPython) this.setPython('cold')
  }

  private rebuild(reason: string) {
    this.frame.remove()
    for (const [id, p] of this.pending) this.settle(id, p, crashed(reason))
    const python = this.warmPython
    this.build()
    if (python) this.warm()
  }

  private setPython(state: PythonState) {
    this.python = state
    this.onPython(state)
  }

  private post(msg: object) {
    // The frame's origin is opaque, so it cannot be named; what we send is only code and tests.
    this.frame.contentWindow?.postMessage({ ...msg, nonce: this.nonce }, '*')
  }

  private onMessage = (e: MessageEvent) => {
    if (e.source !== this.frame.contentWindow) return
    const d = e.data as { nonce?: string; type?: string; id?: string; text?: string; state?: PythonState } | null
    if (!d || d.nonce !== this.nonce) return
    if (d.type === 'ready') this.markReady()
    else if (d.type === 'python' && d.state) this.setPython(d.state)
    else if (d.type === 'output' && d.id) this.pending.get(d.id)?.onOutput(String(d.text ?? ''))
    else if (d.type === 'result' && d.id) {
      const p = this.pending.get(d.id)
      if (p) this.settle(d.id, p, d as unknown as SandboxResult)
    }
  }

  private settle(id: string, p: Pending, r: SandboxResult) {
    window.clearTimeout(p.timer)
    this.pending.delete(id)
    p.resolve(r)
  }

  /** Starts loading Python in the frame (a room whose language is Python). */
  warm() {
    this.warmPython = true
    void this.ready.then(() => this.post({ type: 'warm', language: 'python' }))
  }

  async run(req: SandboxRequest, onOutput: (text: string) => void = () => {}): Promise<SandboxResult> {
    if (req.language === 'python') this.warmPython = true
    await this.ready
    const id = `r${++this.seq}`
    return new Promise<SandboxResult>((resolve) => {
      // Python's first run waits for its download; hidden runs queue behind the run before.
      const limit = req.timeLimitMs + FRAME_SLACK_MS + (req.language === 'python' && this.python !== 'ready' ? 60_000 : 0)
      const timer = window.setTimeout(() => this.rebuild('The runner stopped answering; it was restarted.'), limit)
      this.pending.set(id, { onOutput, resolve, timer })
      this.post({ type: 'run', id, ...req })
    })
  }

  destroy() {
    window.removeEventListener('message', this.onMessage)
    for (const p of this.pending.values()) window.clearTimeout(p.timer)
    this.pending.clear()
    this.frame.remove()
  }
}

const crashed = (message: string): SandboxResult => ({
  status: 'crashed', cases: [], error: { message, line: null }, output: '', outputTruncated: false, durationMs: 0,
})
