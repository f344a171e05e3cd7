/**
 * The colour theme: the user's choice ('system' follows prefers-color-scheme), remembered in
 * localStorage under the key public/theme.js reads before the first paint. The resolved theme
 * lives in <html data-theme>, which styles.css and the Monaco theme follow.
 */
import { KEYS, localStore } from './storage.ts'

export type ThemeChoice = 'system' | 'light' | 'dark'
export type Theme = 'light' | 'dark'

/** The choices in the order the toggle offers them. */
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark']
const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' }

/** A choice's option text; "System" says what it resolves to while it is the one chosen. */
export function themeOptionLabel(option: ThemeChoice, choice: ThemeChoice, resolved: Theme): string {
  return option === 'system' && choice === 'system' ? `System (${resolved})` : LABELS[option]
}

/** The toggle's icon: a sun for light, a moon for dark (decorative). */
export const themeIcon = (resolved: Theme): string => (resolved === 'light' ? '☀' : '☾')

const KEY = KEYS.theme
const listeners = new Set<() => void>()
const systemLight = window.matchMedia('(prefers-color-scheme: light)')

export function themeChoice(): ThemeChoice {
  const v = localStore().getItem(KEY)
  return v === 'light' || v === 'dark' ? v : 'system'
}

export function resolvedTheme(): Theme {
  const choice = themeChoice()
  return choice === 'system' ? (systemLight.matches ? 'light' : 'dark') : choice
}

function apply(): void {
  const theme = resolvedTheme()
  document.documentElement.setAttribute('data-theme', theme)
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', theme === 'light' ? '#f4f6fa' : '#0b0e14')
  for (const l of listeners) l()
}

export function setThemeChoice(choice: ThemeChoice): void {
  if (choice === 'system') localStore().removeItem(KEY)
  else localStore().setItem(KEY, choice)
  apply()
}

/** Called on a change of choice, of the system's scheme, or of the choice in another tab. */
export function subscribeTheme(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

systemLight.addEventListener('change', () => {
  if (themeChoice() === 'system') apply()
})
window.addEventListener('storage', (e) => {
  if (e.key === KEY) apply()
})
