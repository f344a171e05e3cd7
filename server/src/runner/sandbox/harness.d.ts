// Types of harness.js (plain JavaScript, served to the sandbox as is).
export interface HarnessCase { index: number; input: unknown[]; expected: unknown }
export interface HarnessError { message: string; line: number | null }
export interface HarnessCaseResult {
  index: number; input: string; expected: string; actual: string | null; passed: boolean; ms: number; error: HarnessError | null
}
export interface HarnessResult { status: 'ran' | 'passed' | 'failed' | 'error'; cases: HarnessCaseResult[]; error: HarnessError | null }
export const VALUE_CHARS: number
export const OUTPUT_CHARS: number
export function clip(text: string, max?: number): string
export function render(value: unknown): string
export function normalize(value: unknown): unknown
export function jsonEqual(a: unknown, b: unknown): boolean
export function errorLine(err: unknown): number | null
export function describeError(err: unknown): HarnessError
export function compile(code: string, functionName: string | null): unknown
export function runJs(req: { code: string; functionName?: string; tests: HarnessCase[] | null }, now?: () => number): Promise<HarnessResult>
export function createOutput(send: (text: string) => void, cap?: number, now?: () => number): { write(text: string): void; flush(): void; readonly truncated: boolean }
export function formatArgs(args: unknown[]): string
