/**
 * The entry: picks the page by its path first, so the landing page (plain DOM, a few KB) never
 * downloads React, and every other page loads React with the app (issue #14 item 12).
 */
import './styles.css'
import { parseRoute } from './lib/route.ts'

const root = document.getElementById('root')!
const route = parseRoute(window.location.pathname)
const page = route.page === 'landing'
  ? import('./features/landing/page.ts').then((m) => m.mountLandingPage(root))
  : import('./app/boot.tsx').then((m) => m.boot(root, route))
page.catch(() => {
  root.textContent = 'Nudge could not load this page. Check your connection and reload.'
})
