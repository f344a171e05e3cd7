import { MINUTE, type Phase } from '@nudge/shared'

/** One editable row of the plan editor; `id` is null for a phase added in the editor. */
export interface PlanRow {
  key: number
  id: string | null
  kind: Phase['kind']
  label: string
  minutes: string
}

/** Phases as the server wants them: existing ids kept, new ones derived from the label and unique. */
export function rowsToPhases(rows: readonly PlanRow[]): Phase[] {
  const used = new Set(rows.map((r) => r.id).filter((x): x is string => x !== null))
  return rows.map((r) => {
    let id = r.id
    if (!id) {
      const base = r.label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 24) || 'phase'
      id = base
      for (let n = 2; used.has(id); n++) id = `${base}-${n}`
      used.add(id)
    }
    return { id, kind: r.kind, label: r.label.trim(), plannedMs: Math.round(Number(r.minutes) * MINUTE) }
  })
}
