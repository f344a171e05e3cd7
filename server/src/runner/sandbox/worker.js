// The runner's worker: runs one language's code for the frame (frame.js). Created as a data:
// module worker inside the opaque-origin frame; the frame terminates it to stop a run.
import { createOutput, formatArgs, runJs } from './harness.js'

const base = new URL('./', import.meta.url).href
let python = null

const TYPES = { wasm: 'application/wasm', zip: 'application/zip', json: 'application/json' }

/**
 * Serves Pyodide's large files from the bytes the page fetched (see frame.js): Pyodide's own
 * fetches of those URLs are answered from memory; every other fetch goes to the network.
 */
function provide(indexURL, files) {
  const served = new Map(Object.entries(files ?? {}).filter(([name, b]) => b instanceof ArrayBuffer && !name.endsWith('.mjs')).map(([name, b]) => [`${indexURL}${name}`, b]))
  if (served.size === 0) return
  const network = globalThis.fetch
  globalThis.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const bytes = served.get(url)
    if (!bytes) return network(input, init)
    served.delete(url)
    return Promise.resolve(new Response(bytes, { headers: { 'content-type': TYPES[url.split('.').pop()] ?? 'application/octet-stream' } }))
  }
}

/**
 * Pyodide's Emscripten module (pyodide.asm.mjs), from the bytes the page fetched: Pyodide imports
 * it with import(), which no fetch override reaches, and this frame's own import of it would
 * download it again on every visit. Imported from a data: URL (the frame's CSP allows data:
 * scripts; it runs eval'd user code anyway); null to let Pyodide import it from the network.
 */
async function pyodideModule(files) {
  const bytes = files?.['pyodide.asm.mjs']
  if (!(bytes instanceof ArrayBuffer)) return null
  try {
    const url = await new Promise((resolve, reject) => {
      const reader = new FileReader()
      reader.onload = () => resolve(String(reader.result))
      reader.onerror = () => reject(reader.error)
      reader.readAsDataURL(new Blob([bytes], { type: 'text/javascript' }))
    })
    return (await import(url)).default
  } catch {
    return null
  }
}

async function loadPython(indexURL, files) {
  if (python) return python
  provide(indexURL, files)
  const createPyodideModule = await pyodideModule(files)
  const { loadPyodide } = await import(`${indexURL}pyodide.mjs`)
  const pyodide = await loadPyodide({ indexURL, fullStdLib: false, checkAPIVersion: true, ...(createPyodideModule ? { createPyodideModule } : {}) })
  const source = await (await fetch(`${base}harness.py`)).text()
  pyodide.runPython(source)
  python = { pyodide, run: pyodide.globals.get('run') }
  return python
}

async function run(msg) {
  const out = createOutput((text) => postMessage({ type: 'output', id: msg.id, text }))
  const tests = msg.tests ?? null
  let result
  if (msg.language === 'python') {
    const py = await loadPython(msg.pyodideUrl)
    py.pyodide.setStdout({ batched: (s) => out.write(`${s}\n`) })
    py.pyodide.setStderr({ batched: (s) => out.write(`${s}\n`) })
    result = JSON.parse(py.run(msg.code, msg.functionName ?? '', tests ? JSON.stringify(tests) : null))
  } else {
    const write = (...args) => out.write(`${formatArgs(args)}\n`)
    for (const k of ['log', 'info', 'warn', 'error', 'debug']) console[k] = write
    result = await runJs({ code: msg.code, functionName: msg.functionName, tests })
  }
  out.flush()
  postMessage({ type: 'result', id: msg.id, ...result, outputTruncated: out.truncated })
}

self.onmessage = ({ data }) => {
  if (data.type === 'warm') {
    loadPython(data.pyodideUrl, data.files).then(
      () => postMessage({ type: 'warm', ok: true }),
      (err) => postMessage({ type: 'warm', ok: false, message: String(err && err.message ? err.message : err) }),
    )
  } else if (data.type === 'run') {
    run(data).catch((err) => {
      postMessage({ type: 'result', id: data.id, status: 'crashed', cases: [], error: { message: String(err && err.message ? err.message : err).slice(0, 1000), line: null }, outputTruncated: false })
    })
  }
}
postMessage({ type: 'loaded' })
