import { PARTICIPANT_COLORS } from '@nudge/shared'

const HEX = /^#[0-9a-fA-F]{6}$/
const FALLBACK = PARTICIPANT_COLORS[2]

/** Awareness states are written by other clients: treat every field as untrusted. */
export function safeColor(value: unknown): string {
  return typeof value === 'string' && HEX.test(value) ? value.toLowerCase() : FALLBACK
}

/** A CSS string literal for `content:` that no name can break out of. */
export function cssString(text: string): string {
  let out = '"'
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    out += /[A-Za-z0-9 _.-]/.test(ch) ? ch : `\\${cp.toString(16)} `
  }
  return `${out}"`
}

function rgba(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16)
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`
}

/** Dark or light label text, whichever reads better on the participant's colour. */
function labelText(hex: string): string {
  const n = parseInt(hex.slice(1), 16)
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
  return lum > 0.18 ? '#0b0d12' : '#ffffff'
}

interface RemoteUser {
  name?: unknown
  color?: unknown
  role?: unknown
}

export interface CursorCssOptions {
  /** Clients whose cursor moved recently: only their name labels are shown, so idle labels don't cover code. */
  active?: ReadonlySet<number>
}

/**
 * y-monaco decorates remote selections with `yRemoteSelection-<clientID>` and the caret with
 * `yRemoteSelectionHead-<clientID>`; this builds the per-client rules (colour, name label).
 */
export function remoteCursorCss(
  states: Map<number, Record<string, unknown>>,
  selfClientId: number,
  { active }: CursorCssOptions = {},
): string {
  const rules: string[] = []
  for (const [clientId, state] of states) {
    if (clientId === selfClientId || !Number.isSafeInteger(clientId)) continue
    const user = (state.user ?? {}) as RemoteUser
    if (user.role === 'observer') {
      // Observers shadow silently: their clicks must not put a cursor in front of the candidate.
      rules.push(`.yRemoteSelection-${clientId},.yRemoteSelectionHead-${clientId}{display:none;}`)
      continue
    }
    const color = safeColor(user.color)
    const name = typeof user.name === 'string' && user.name.trim() ? user.name.trim().slice(0, 40) : 'Anonymous'
    rules.push(
      `.yRemoteSelection-${clientId}{background-color:${rgba(color, 0.28)};}`,
      `.yRemoteSelectionHead-${clientId}{border-color:${color};}`,
      `.yRemoteSelectionHead-${clientId}::after{content:${cssString(name)};background-color:${color};color:${labelText(color)};}`,
    )
    if (active && !active.has(clientId)) rules.push(`.yRemoteSelectionHead-${clientId}::after{opacity:0;}`)
  }
  return rules.join('\n')
}
