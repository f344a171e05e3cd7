import { useSyncExternalStore } from 'react'
import { THEME_CHOICES, resolvedTheme, setThemeChoice, subscribeTheme, themeChoice, themeIcon, themeOptionLabel, type ThemeChoice } from '../../lib/theme.ts'

/** The top bar's theme switch: system (prefers-color-scheme), light or dark, remembered. */
export function ThemeToggle() {
  const choice = useSyncExternalStore(subscribeTheme, themeChoice)
  const resolved = useSyncExternalStore(subscribeTheme, resolvedTheme)
  return (
    <label className="theme-toggle">
      <span className="visually-hidden">Colour theme</span>
      <span aria-hidden="true" className="theme-icon">{themeIcon(resolved)}</span>
      <select value={choice} onChange={(e) => setThemeChoice(e.target.value as ThemeChoice)}>
        {THEME_CHOICES.map((c) => (
          <option key={c} value={c}>
            {themeOptionLabel(c, choice, resolved)}
          </option>
        ))}
      </select>
    </label>
  )
}
