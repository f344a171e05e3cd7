/**
 * The one Monaco instance: the local ESM build (no CDN), the same `editor.api.js` module that
 * y-monaco imports, plus only the languages Nudge offers. Workers come from Vite `?worker`
 * imports; the ~7 MB TypeScript worker is a separate chunk fetched only once someone works in a
 * JavaScript or TypeScript editor (see startLanguageService).
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
import { resolvedTheme, subscribeTheme } from '../lib/theme.ts'

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker | Promise<Worker> }
  }
}

/**
 * The JavaScript/TypeScript language service runs in a worker of about 1 MB compressed (7 MB
 * decoded). Monaco asks for it as soon as a JavaScript model is shown (diagnostics, inlay hints,
 * symbols); it is fetched only once someone works in an editor (a key or a click in it,
 * startLanguageService()), so watching a JavaScript room never downloads it. Requests made before
 * wait for it and are then answered.
 */
let openLanguageService: () => void = () => {}
const languageServiceWanted = new Promise<void>((resolve) => {
  openLanguageService = resolve
})
export const startLanguageService = (): void => openLanguageService()

window.MonacoEnvironment = {
  async getWorker(_workerId: string, label: string): Promise<Worker> {
    if (label === 'typescript' || label === 'javascript') {
      await languageServiceWanted
      const { default: TsWorker } = await import('monaco-editor/esm/vs/language/typescript/ts.worker.js?worker')
      return new TsWorker({ name: label })
    }
    const { default: EditorWorker } = await import('monaco-editor/esm/vs/editor/editor.worker.js?worker')
    return new EditorWorker({ name: label })
  },
}

const DARK = 'nudge-dark'
const LIGHT = 'nudge-light'

monaco.editor.defineTheme(DARK, {
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

// Line numbers at AA contrast on white (Monaco's default grey is below it).
monaco.editor.defineTheme(LIGHT, {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: {
    'editor.background': '#ffffff',
    'editor.lineHighlightBackground': '#f0f2f780',
    'editorLineNumber.foreground': '#5c6779',
    'editorLineNumber.activeForeground': '#141a25',
    'editorGutter.background': '#ffffff',
    'editor.selectionBackground': '#c9d3fb',
    'editorCursor.foreground': '#3b4fc4',
    'editorWidget.background': '#f4f6fa',
    'editorIndentGuide.background1': '#e4e8ef',
  },
})

/** The editor theme for the page's theme; Monaco's theme is global, so one subscription. */
export const editorTheme = (): string => (resolvedTheme() === 'light' ? LIGHT : DARK)
subscribeTheme(() => monaco.editor.setTheme(editorTheme()))

export { monaco }
