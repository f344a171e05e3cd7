import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import type { Route } from '../lib/route.ts'
import { App } from './App.tsx'

/** Every page but the landing page renders with React (client/src/main.ts decides). */
export function boot(root: HTMLElement, route: Route): void {
  createRoot(root).render(
    <StrictMode>
      <App route={route} />
    </StrictMode>,
  )
}
