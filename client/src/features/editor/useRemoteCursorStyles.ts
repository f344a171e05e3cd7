import { useEffect } from 'react'
import { remoteCursorCss } from '../../collab/cursors.ts'
import type { CollabSession } from '../../collab/session.ts'

/** How long a name label stays visible after that cursor last moved. */
const LABEL_MS = 2500

/** Keeps one <style> element with the colour and name label of every remote cursor. */
export function useRemoteCursorStyles(session: CollabSession) {
  useEffect(() => {
    const style = document.createElement('style')
    style.dataset.nudge = 'remote-cursors'
    document.head.appendChild(style)
    const awareness = session.awareness
    const lastMoved = new Map<number, number>()
    let timer: number | undefined

    const render = () => {
      const now = Date.now()
      const active = new Set<number>()
      for (const [id, t] of lastMoved) {
        if (now - t < LABEL_MS) active.add(id)
        else lastMoved.delete(id)
      }
      const css = remoteCursorCss(awareness.getStates() as Map<number, Record<string, unknown>>, awareness.clientID, { active })
      if (style.textContent !== css) style.textContent = css
      window.clearTimeout(timer)
      // Re-render when the most recent label is due to fade.
      if (active.size) timer = window.setTimeout(render, LABEL_MS - (now - Math.max(...lastMoved.values())) + 20)
    }
    const onChange = ({ added, updated }: { added: number[]; updated: number[] }) => {
      const now = Date.now()
      for (const id of [...added, ...updated]) lastMoved.set(id, now)
      render()
    }
    render()
    awareness.on('change', onChange)
    return () => {
      awareness.off('change', onChange)
      window.clearTimeout(timer)
      style.remove()
    }
  }, [session])
}
