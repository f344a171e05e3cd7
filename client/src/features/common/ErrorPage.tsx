import type { ReactNode } from 'react'
import { Brand } from './Brand.tsx'
import { ThemeToggle } from './ThemeToggle.tsx'

export function ErrorPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="page">
      <header className="topbar">
        <Brand />
        <ThemeToggle />
      </header>
      <main className="center-main" id="main">
        <section className="card narrow" aria-labelledby="error-title">
          <h1 id="error-title">{title}</h1>
          <div className="muted">{children}</div>
          <p>
            <a className="button secondary" href="/">
              Create a new room
            </a>
          </p>
        </section>
      </main>
    </div>
  )
}
