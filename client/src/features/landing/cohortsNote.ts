import { h } from './dom.ts'

/**
 * Tells bootcamp organizers whether cohorts are on here, and how to turn them on if not.
 * Returns a placeholder that the note replaces once the server answered (nothing on failure).
 */
export function cohortsNote(fetchImpl: typeof fetch = fetch): ChildNode {
  const slot = document.createComment('cohorts note')
  fetchImpl('/api/cohorts/status')
    .then((r) => (r.ok ? (r.json() as Promise<{ enabled: boolean }>) : null))
    .then((s) => {
      if (!s) return
      slot.replaceWith(h(
        'p',
        { class: 'muted small cohorts-note', 'data-testid': 'cohorts-note' },
        'Running a bootcamp? ',
        s.enabled
          ? 'Cohorts are on: your server admin creates a cohort and gives you its organizer link.'
          : 'Cohorts (rosters, rotations, a live dashboard) are off on this server: set ADMIN_TOKEN and restart to turn them on.',
      ))
    }, () => {})
  return slot
}
