import { useEffect, useState } from 'react'

/** Tells bootcamp organizers whether cohorts are on here, and how to turn them on if not. */
export function CohortsNote() {
  const [enabled, setEnabled] = useState<boolean | null>(null)
  useEffect(() => {
    let live = true
    fetch('/api/cohorts/status')
      .then((r) => (r.ok ? (r.json() as Promise<{ enabled: boolean }>) : null))
      .then((s) => live && s && setEnabled(s.enabled), () => {})
    return () => {
      live = false
    }
  }, [])
  if (enabled === null) return null
  return (
    <p className="muted small cohorts-note" data-testid="cohorts-note">
      Running a bootcamp?{' '}
      {enabled
        ? 'Cohorts are on: your server admin creates a cohort and gives you its organizer link.'
        : 'Cohorts (rosters, rotations, a live dashboard) are off on this server: set ADMIN_TOKEN and restart to turn them on.'}
    </p>
  )
}
