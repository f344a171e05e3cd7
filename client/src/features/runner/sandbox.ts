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
  /** The watchdog; null while the run waits for Python to load (the frame reports that itself). */
  timer: number | null
  /** Waiting for Python to load: the watchdog is armed once it is ready. */
  waitsForPython: boolean
  arm(): void
}

/** Pyodide's files that the page fetches for the frame (the rest are small). */
const PYTHON_FILES = ['pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json', 'pyodide.asm.mjs']

/** Slack on top of the run's own time limit before the page gives up on the frame itself. */
const FRAME_SLACK_MS = 20_000
/**
 * How long Python may take to load before a waiting run gives up. Loading reports its own
 * failure ('failed'); this only catches a frame that went silent. A cold load on a busy 2-core
 * machine was measured at 60 s (docs/runner-figures.md).
 */
const PYTHON_LOAD_MS = 300_000

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
    // Runs that waited for Python start their own clock now.
    if (state === 'ready') for (const p of this.pending.values()) if (p.waitsForPython) p.arm()
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
    else if (d.type === 'python-files') void this.sendPythonFiles((d as { base?: unknown }).base)
    else if (d.type === 'python' && d.state) this.setPython(d.state)
    else if (d.type === 'output' && d.id) this.pending.get(d.id)?.onOutput(String(d.text ?? ''))
    else if (d.type === 'result' && d.id) {
      const p = this.pending.get(d.id)
      if (p) this.settle(d.id, p, d as unknown as SandboxResult)
    }
  }

  /**
   * The frame asks for Pyodide's large files, which this page fetches so that they are cached
   * (the frame's own fetches never are). The frame is untrusted: only this origin's
   * /runner/pyodide/<version>/ and only these public files are ever fetched for it.
   */
  private async sendPythonFiles(base: unknown) {
    const frame = this.frame
    const files: Record<string, ArrayBuffer> = {}
    try {
      const url = new URL(String(base))
      if (url.origin !== location.origin || !/^\/runner\/pyodide\/[\w.-]+\/$/.test(url.pathname) || url.search || url.hash) throw new Error('not Pyodide')
      await Promise.all(PYTHON_FILES.map(async (name) => {
        const res = await fetch(new URL(name, url), { credentials: 'omit' })
        if (res.ok) files[name] = await res.arrayBuffer()
      }))
    } catch {
      // The frame loads them itself then.
    }
    if (frame === this.frame) this.post({ type: 'python-files', files })
  }

  private settle(id: string, p: Pending, r: SandboxResult) {
    if (p.timer !== null) window.clearTimeout(p.timer)
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
      // The watchdog counts the run's limit plus slack (hidden runs queue behind the run before).
      // A Python run that waits for Python to load starts counting once it is ready; until then
      // only a frame silent for PYTHON_LOAD_MS is given up on.
      const stalled = () => this.rebuild('The runner stopped answering; it was restarted.')
      const p: Pending = {
        onOutput, resolve,
        timer: null,
        waitsForPython: req.language === 'python' && this.python !== 'ready',
        arm: () => {
          p.waitsForPython = false
          if (p.timer !== null) window.clearTimeout(p.timer)
          p.timer = window.setTimeout(stalled, req.timeLimitMs + FRAME_SLACK_MS)
        },
      }
      if (p.waitsForPython) p.timer = window.setTimeout(stalled, PYTHON_LOAD_MS)
      else p.arm()
      this.pending.set(id, p)
      this.post({ type: 'run', id, ...req })
    })
  }

  destroy() {
    window.removeEventListener('message', this.onMessage)
    for (const p of this.pending.values()) if (p.timer !== null) window.clearTimeout(p.timer)
    this.pending.clear()
    this.frame.remove()
  }
}

const crashed = (message: string): SandboxResult => ({
  status: 'crashed', cases: [], error: { message, line: null }, output: '', outputTruncated: false, durationMs: 0,
})
