// The runner frame: loaded in an iframe with sandbox="allow-scripts" (an opaque origin), it runs
// code in workers and talks to the Nudge page only by postMessage, with the nonce the page put in
// this frame's URL fragment. A run that exceeds its time limit is stopped with worker.terminate();
// a warm spare worker takes over, so the next run starts at once (Python included).
const params = new URLSearchParams(location.hash.slice(1))
const nonce = params.get('n')
const parentOrigin = params.get('o')
const base = new URL('./', import.meta.url).href
const pyodideUrl = document.querySelector('meta[name="pyodide"]').content

const toPage = (msg) => parent.postMessage({ ...msg, nonce }, parentOrigin)

/**
 * Pyodide's large files (interpreter, standard library, lock file), fetched by the page: this
 * frame's opaque origin gets a fresh HTTP cache partition each time, so files it fetched itself
 * would download again on every visit, while the page's fetches are cached (immutable). Resolves
 * an empty object if the page cannot give them; the worker then fetches them itself.
 */
let pythonFiles = null
const PYTHON_FILES_WAIT_MS = 120_000
function pagePythonFiles() {
  pythonFiles ??= new Promise((resolve) => {
    const timer = setTimeout(() => done({}), PYTHON_FILES_WAIT_MS)
    const onMessage = (e) => {
      if (e.source !== parent || !e.data || e.data.nonce !== nonce || e.data.type !== 'python-files') return
      done(e.data.files && typeof e.data.files === 'object' ? e.data.files : {})
    }
    const done = (files) => {
      clearTimeout(timer)
      removeEventListener('message', onMessage)
      resolve(files)
    }
    addEventListener('message', onMessage)
    toPage({ type: 'python-files', base: pyodideUrl })
  })
  return pythonFiles
}

/**
 * Blob module workers fail in an opaque origin; a data: module worker that imports ours works.
 * The import is dynamic: a static import from the data: module failed intermittently in Chromium
 * (an error event with no message), a dynamic one did not and reports why when it fails.
 */
function spawn() {
  const src = `import(${JSON.stringify(`${base}worker.js`)}).catch((e) => postMessage({ type: 'load-failed', message: String(e) }))`
  return new Worker(`data:text/javascript,${encodeURIComponent(src)}`, { type: 'module', name: 'nudge-runner' })
}

/** A worker with a promise of being ready (Python loaded, for Python slots). */
function slot(language) {
  const worker = spawn()
  const s = { worker, language, ready: null }
  s.ready = new Promise((resolve, reject) => {
    const onMessage = ({ data }) => {
      if (data.type === 'load-failed') done(() => reject(new Error(data.message)))
      if (data.type === 'loaded') {
        // Messages sent before the worker's module has run would be lost: warm up only now.
        if (language === 'python') void pagePythonFiles().then((files) => worker.postMessage({ type: 'warm', pyodideUrl, files }))
        else done(resolve)
      }
      if (language === 'python' && data.type === 'warm') done(() => (data.ok ? resolve() : reject(new Error(data.message))))
    }
    const onError = (e) => done(() => reject(new Error(e.message || 'The runner could not start.')))
    const done = (fn) => {
      worker.removeEventListener('message', onMessage)
      worker.removeEventListener('error', onError)
      fn()
    }
    worker.addEventListener('message', onMessage)
    worker.addEventListener('error', onError)
  })
  s.ready.catch(() => {})
  return s
}

const slots = { javascript: slot('javascript'), python: null }
const spares = { javascript: null, python: null }

function python() {
  if (!slots.python) {
    toPage({ type: 'python', state: 'warming' })
    slots.python = slot('python')
    slots.python.ready.then(
      () => {
        toPage({ type: 'python', state: 'ready' })
        // A second interpreter loads once the first is ready: a timeout swaps it in at once.
        if (!spares.python) spares.python = slot('python')
      },
      (err) => toPage({ type: 'python', state: 'failed', message: err.message }),
    )
  }
  return slots.python
}

/** The worker for a run; the slot is handed to the run and a spare takes its place. */
function take(language) {
  if (language === 'python') return python()
  const s = slots.javascript
  // JavaScript workers start in milliseconds: each run gets a fresh one (fresh globals).
  slots.javascript = slot('javascript')
  return s
}

function replace(language, dead) {
  dead.worker.terminate()
  if (language === 'python') {
    slots.python = spares.python ?? slot('python')
    spares.python = null
    slots.python.ready.then(() => {
      if (!spares.python) spares.python = slot('python')
    }, () => {})
  }
}

let queue = Promise.resolve()

async function run(msg) {
  const language = msg.language === 'python' ? 'python' : 'javascript'
  const s = take(language)
  let output = ''
  try {
    await s.ready
  } catch (err) {
    if (language === 'python') slots.python = null
    return { status: 'crashed', cases: [], error: { message: `The runner could not start: ${err.message}`, line: null }, output, outputTruncated: false, durationMs: 0 }
  }
  const started = performance.now()
  const result = await new Promise((resolve) => {
    const finish = (r) => {
      clearTimeout(timer)
      s.worker.removeEventListener('message', onMessage)
      s.worker.removeEventListener('error', onError)
      resolve(r)
    }
    const onMessage = ({ data }) => {
      if (data.id !== msg.id) return
      if (data.type === 'output') {
        output += data.text
        toPage({ type: 'output', id: msg.id, text: data.text })
      } else if (data.type === 'result') {
        finish({ ...data, output })
      }
    }
    const onError = (e) => {
      e.preventDefault()
      replace(language, s)
      finish({ status: 'crashed', cases: [], error: { message: `The runner crashed: ${e.message || 'out of memory?'}`, line: null }, output, outputTruncated: false })
    }
    const timer = setTimeout(() => {
      replace(language, s)
      const seconds = Math.round(msg.timeLimitMs / 100) / 10
      finish({ status: 'timeout', cases: [], error: { message: `Stopped after ${seconds} s (time limit).`, line: null }, output, outputTruncated: false })
    }, msg.timeLimitMs)
    s.worker.addEventListener('message', onMessage)
    s.worker.addEventListener('error', onError)
    s.worker.postMessage({ ...msg, type: 'run', pyodideUrl })
  })
  if (language === 'javascript' && result.status !== 'timeout' && result.status !== 'crashed') s.worker.terminate()
  if (language === 'python' && result.status === 'crashed') replace(language, s)
  return { ...result, durationMs: performance.now() - started }
}

addEventListener('message', (e) => {
  if (e.source !== parent || !e.data || e.data.nonce !== nonce) return
  const msg = e.data
  if (msg.type === 'warm' && msg.language === 'python') python()
  if (msg.type === 'run') {
    // One run at a time: a hidden-test run waits for the run before it.
    queue = queue.then(() => run(msg)).then((result) => toPage({ ...result, type: 'result', id: msg.id }))
  }
})

toPage({ type: 'ready' })
