/**
 * The one Monaco instance: the local ESM build (no CDN), the same `editor.api.js` module that
 * y-monaco imports, plus only the languages Nudge offers. Workers come from Vite `?worker`
 * imports; the ~7 MB TypeScript worker is a separate chunk fetched only when a JavaScript or
 * TypeScript model needs it.
 */
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js'
import 'monaco-editor/esm/vs/basic-languages/cpp/cpp.contribution.js'
import 'monaco-editor/esm/vs/basic-languages/go/go.contribution.js'
import 'monaco-editor/esm/vs/basic-languages/java/java.contribution.js'
import 'monaco-editor/esm/vs/basic-languages/javascript/javascript.contribution.js'
import 'monaco-editor/esm/vs/basic-languages/python/python.contribution.js'
import 'monaco-editor/esm/vs/basic-languages/typescript/typescript.contribution.js'
// Language service (completions, diagnostics) for JS/TS; it starts its worker lazily.
import 'monaco-editor/esm/vs/language/typescript/monaco.contribution.js'

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker | Promise<Worker> }
  }
}

window.MonacoEnvironment = {
  async getWorker(_workerId: string, label: string): Promise<Worker> {
    if (label === 'typescript' || label === 'javascript') {
      const { default: TsWorker } = await import('monaco-editor/esm/vs/language/typescript/ts.worker.js?worker')
      return new TsWorker({ name: label })
    }
    const { default: EditorWorker } = await import('monaco-editor/esm/vs/editor/editor.worker.js?worker')
    return new EditorWorker({ name: label })
  },
}

export const THEME = 'nudge-dark'

monaco.editor.defineTheme(THEME, {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: {
    'editor.background': '#0d1117',
    'editor.lineHighlightBackground': '#161b2480',
    'editorLineNumber.foreground': '#8590a2',
    'editorLineNumber.activeForeground': '#c9d1d9',
    'editorGutter.background': '#0d1117',
    'editor.selectionBackground': '#3b4f7a',
    'editorCursor.foreground': '#9fb3ff',
    'editorWidget.background': '#161b22',
    'editorIndentGuide.background1': '#1f2630',
  },
})

export { monaco }
