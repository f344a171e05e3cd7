import { createReadStream, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig, loadEnv, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'

// Monaco's core as one named, cacheable chunk. Its per-language tokenizers and the TypeScript
// language service stay in their own lazily loaded chunks.
const MONACO_CORE = /[\\/]monaco-editor[\\/]esm[\\/]vs[\\/](?!basic-languages[\\/]|language[\\/])/

// The small plain modules that the landing page (no React) and the React pages share: one chunk
// instead of half a dozen sub-kilobyte ones, each a request with its own headers.
const COMMON = /[\\/]client[\\/]src[\\/](lib[\\/][^\\/]+\.ts$|features[\\/]landing[\\/]myRooms\.ts$)|[\\/]shared[\\/]src[\\/]basics\.ts$/

// Excalidraw's fonts, served by Nudge itself (no CDN; the whiteboard works offline). The path
// carries the package version, so the files are cached as immutable like the rest of /assets/.
const EXCALIDRAW_PKG = fileURLToPath(new URL('./node_modules/@excalidraw/excalidraw/', import.meta.url))
const EXCALIDRAW_VERSION = (JSON.parse(readFileSync(join(EXCALIDRAW_PKG, 'package.json'), 'utf8')) as { version: string }).version
const EXCALIDRAW_ASSETS = `/assets/excalidraw-${EXCALIDRAW_VERSION}/`
const EXCALIDRAW_FONTS = join(EXCALIDRAW_PKG, 'dist', 'prod', 'fonts')

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  )
}

/** Excalidraw's CDN fallback for every font URL (tried when a font fetch fails). */
// (The package name inside it is itself a template literal, hence the lazy match up to the path.)
const CDN_FALLBACK = /`https:\/\/esm\.sh\/\$\{.*?\}\/dist\/prod\/`/g

/**
 * Copies the fonts into the build (as assets of the bundle) and serves them in development.
 * Excalidraw adds a public CDN after EXCALIDRAW_ASSET_PATH as a fallback for each font: it is
 * replaced with Nudge's own path, so a failed font fetch never turns into a request elsewhere.
 */
function excalidrawFonts(): Plugin {
  return {
    name: 'nudge:excalidraw-fonts',
    transform(code, id) {
      if (!code.includes('https://esm.sh/') || !id.includes('excalidraw')) return null
      // An absolute URL: Excalidraw resolves every font path with `new URL(path, fallback)`, which
      // throws on a bare path, and it does so whenever text is created (a label, the text tool),
      // so a relative fallback broke all text editing on the board.
      const fallback = `new URL(${JSON.stringify(EXCALIDRAW_ASSETS)}, globalThis.location.href).href`
      return { code: code.replace(CDN_FALLBACK, fallback), map: null }
    },
    generateBundle() {
      for (const file of filesUnder(EXCALIDRAW_FONTS)) {
        const rel = relative(EXCALIDRAW_FONTS, file).split(sep).join('/')
        this.emitFile({ type: 'asset', fileName: `${EXCALIDRAW_ASSETS.slice(1)}fonts/${rel}`, source: readFileSync(file) })
      }
    },
    configureServer(server) {
      server.middlewares.use(`${EXCALIDRAW_ASSETS}fonts/`, (req, res, next) => {
        const file = join(EXCALIDRAW_FONTS, decodeURIComponent((req.url ?? '').split('?')[0]!))
        if (!file.startsWith(EXCALIDRAW_FONTS) || !statSync(file, { throwIfNoEntry: false })?.isFile()) return next()
        res.setHeader('content-type', 'font/woff2')
        createReadStream(file).pipe(res)
      })
    },
  }
}

export default defineConfig(({ mode }) => {
  // In development the API, Socket.IO and the Yjs endpoint are served by the Nudge server on
  // :3000 (NUDGE_DEV_SERVER overrides it); Vite forwards them so the browser talks to one
  // origin, as it does in production.
  const server = loadEnv(mode, '.', 'NUDGE_').NUDGE_DEV_SERVER || 'http://127.0.0.1:3000'
  return {
    plugins: [react(), excalidrawFonts()],
    define: { __EXCALIDRAW_ASSETS__: JSON.stringify(EXCALIDRAW_ASSETS) },
    // Monaco's workers are ES modules; the TypeScript worker is its own chunk, loaded on demand.
    worker: { format: 'es' },
    server: {
      proxy: {
        '/api': server,
        '/healthz': server,
        '/socket.io': { target: server, ws: true },
        '/yjs': { target: server, ws: true },
      },
    },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      target: 'es2022',
      // Monaco's core is ~3.6 MB and the TypeScript worker ~7 MB by nature; both are loaded
      // lazily, so the default 500 kB warning only adds noise.
      chunkSizeWarningLimit: 8000,
      rolldownOptions: {
        output: {
          codeSplitting: { groups: [{ name: 'monaco', test: MONACO_CORE }, { name: 'common', test: COMMON }] },
        },
      },
    },
  }
})
