import { defineConfig, loadEnv } from 'vite'
import react from '@vitejs/plugin-react'

// Monaco's core as one named, cacheable chunk. Its per-language tokenizers and the TypeScript
// language service stay in their own lazily loaded chunks.
const MONACO_CORE = /[\\/]monaco-editor[\\/]esm[\\/]vs[\\/](?!basic-languages[\\/]|language[\\/])/

export default defineConfig(({ mode }) => {
  // In development the API, Socket.IO and the Yjs endpoint are served by the Nudge server on
  // :3000 (NUDGE_DEV_SERVER overrides it); Vite forwards them so the browser talks to one
  // origin, as it does in production.
  const server = loadEnv(mode, '.', 'NUDGE_').NUDGE_DEV_SERVER || 'http://127.0.0.1:3000'
  return {
    plugins: [react()],
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
          codeSplitting: { groups: [{ name: 'monaco', test: MONACO_CORE }] },
        },
      },
    },
  }
})
