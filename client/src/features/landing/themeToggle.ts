import { THEME_CHOICES, resolvedTheme, setThemeChoice, subscribeTheme, themeChoice, themeIcon, themeOptionLabel, type ThemeChoice } from '../../lib/theme.ts'
import { h } from './dom.ts'

/** The top bar's theme switch, the same DOM as the React ThemeToggle, kept current by lib/theme.ts. */
export function themeToggle(): HTMLElement {
  const icon = h('span', { 'aria-hidden': 'true', class: 'theme-icon' })
  const options = THEME_CHOICES.map((c) => h('option', { value: c }))
  const select = h('select', { onchange: () => setThemeChoice(select.value as ThemeChoice) }, ...options)
  const render = () => {
    const choice = themeChoice()
    const resolved = resolvedTheme()
    icon.textContent = themeIcon(resolved)
    options.forEach((o, i) => (o.textContent = themeOptionLabel(THEME_CHOICES[i]!, choice, resolved)))
    select.value = choice
  }
  subscribeTheme(render)
  render()
  return h('label', { class: 'theme-toggle' }, h('span', { class: 'visually-hidden' }, 'Colour theme'), icon, select)
}
