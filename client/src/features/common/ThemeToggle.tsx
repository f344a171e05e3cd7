import { useSyncExternalStore } from 'react'
import { resolvedTheme, setThemeChoice, subscribeTheme, themeChoice, type ThemeChoice } from '../../lib/theme.ts'

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' }

/** The top bar's theme switch: system (prefers-color-scheme), light or dark, remembered. */
export function ThemeToggle() {
  const choice = useSyncExternalStore(subscribeTheme, themeChoice)
  const resolved = useSyncExternalStore(subscribeTheme, resolvedTheme)
  return (
    <label className="theme-toggle">
      <span className="visually-hidden">Colour theme</span>
      <span aria-hidden="true" className="theme-icon">{resolved === 'light' ? '☀' : '☾'}</span>
      <select value={choice} onChange={(e) => setThemeChoice(e.target.value as ThemeChoice)}>
        {(Object.keys(LABELS) as ThemeChoice[]).map((c) => (
          <option key={c} value={c}>
            {c === 'system' && choice === 'system' ? `System (${resolved})` : LABELS[c]}
          </option>
        ))}
      </select>
    </label>
  )
}
