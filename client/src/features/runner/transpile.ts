import type { RunError } from '@nudge/shared'

/**
 * TypeScript to JavaScript for the runner, with sucrase (types stripped, line numbers kept), and a
 * syntax check for JavaScript: `new Function` reports no line for a syntax error, sucrase does.
 * Loaded only when someone runs code.
 */
export async function toJavaScript(code: string, language: 'javascript' | 'typescript'): Promise<{ code: string } | { error: RunError }> {
  const { transform } = await import('sucrase')
  try {
    const out = transform(code, { transforms: language === 'typescript' ? ['typescript'] : [], disableESTransforms: true })
    return { code: out.code }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    const m = /\((\d+):(\d+)\)/.exec(message)
    return { error: { message: `SyntaxError: ${message}`.slice(0, 1000), line: m ? Number(m[1]) : null } }
  }
}
