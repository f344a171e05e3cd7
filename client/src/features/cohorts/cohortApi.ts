import { ErrorBody, type AssignLoopsBody, type AssignLoopsResult, type ClockAllResult, type CohortLoops, type Dashboard, type Session, type Student, type StudentLoops, type StudentWhere } from '@nudge/shared'
import { ApiError } from '../../lib/api.ts'

export interface CohortInfo {
  id: string
  name: string
  ended: boolean
  students: Student[]
  session: Session | null
}

export interface RowProblem {
  row: number
  message: string
}

/** An import refused row by row (nothing was stored). */
export class ImportProblem extends ApiError {
  constructor(message: string, readonly rows: RowProblem[]) {
    super('BAD_REQUEST', message, 400)
  }
}

/** Calls the cohort API with a secret as bearer token; every failure is an ApiError with a message to show. */
export async function cohortCall<T>(secret: string, method: string, path: string, body?: { json?: unknown; csv?: string }): Promise<T> {
  let res: Response
  try {
    res = await fetch(`/api/cohorts/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${secret}`,
        ...(body?.json !== undefined ? { 'content-type': 'application/json' } : body?.csv !== undefined ? { 'content-type': 'text/csv' } : {}),
      },
      body: body?.json !== undefined ? JSON.stringify(body.json) : body?.csv,
    })
  } catch {
    throw new ApiError('NETWORK', 'Could not reach the Nudge server. Check your connection.', 0)
  }
  if (res.status === 204) return null as T
  const json: unknown = await res.json().catch(() => null)
  if (!res.ok) {
    const rows = (json as { rows?: RowProblem[] } | null)?.rows
    const err = ErrorBody.safeParse(json)
    if (err.success && rows) throw new ImportProblem(err.data.message, rows)
    if (err.success) throw new ApiError(err.data.code, err.data.message, res.status)
    throw new ApiError('HTTP', `The server answered ${res.status}.`, res.status)
  }
  return json as T
}

export const cohortApi = (id: string, key: string) => ({
  info: () => cohortCall<CohortInfo>(key, 'GET', id),
  importCsv: (csv: string) => cohortCall<{ added: number }>(key, 'POST', `${id}/students`, { csv }),
  start: (body: { rounds: number; kind: string; absent?: string[] }) => cohortCall<Session>(key, 'POST', `${id}/sessions`, { json: body }),
  advance: (sid: string) => cohortCall<Session>(key, 'POST', `${id}/sessions/${sid}/advance`, { json: {} }),
  absent: (sid: string, student: string) => cohortCall<Session>(key, 'POST', `${id}/sessions/${sid}/absent`, { json: { student } }),
  swap: (sid: string, a: string, b: string) => cohortCall<Session>(key, 'POST', `${id}/sessions/${sid}/swap`, { json: { a, b } }),
  clocks: (action: 'start' | 'pause') => cohortCall<ClockAllResult>(key, 'POST', `${id}/clock`, { json: { action } }),
  dashboard: () => cohortCall<Dashboard>(key, 'GET', `${id}/dashboard`),
  loops: () => cohortCall<CohortLoops>(key, 'GET', `${id}/loops`),
  assignLoops: (body: AssignLoopsBody) => cohortCall<AssignLoopsResult>(key, 'POST', `${id}/loops`, { json: body }),
  broadcast: (kind: 'message' | 'five-minutes', text?: string) =>
    cohortCall<{ rooms: number }>(key, 'POST', `${id}/broadcast`, { json: text ? { kind, text } : { kind } }),
  /** The export as a file download (the secret goes in a header, so no plain link can carry it). */
  download: async (format: 'csv' | 'json') => {
    const res = await fetch(`/api/cohorts/${id}/export.${format}`, { headers: { authorization: `Bearer ${key}` } })
    if (!res.ok) throw new ApiError('HTTP', (await res.json().catch(() => null))?.message ?? `Export failed (${res.status}).`, res.status)
    const url = URL.createObjectURL(await res.blob())
    const a = Object.assign(document.createElement('a'), { href: url, download: `cohort-${id}.${format}` })
    a.click()
    URL.revokeObjectURL(url)
  },
})

export const studentWhere = (id: string, key: string) => cohortCall<StudentWhere>(key, 'GET', `${id}/me`)
/** The student's own loops (their candidate links), with their personal-link secret. */
export const studentLoops = (id: string, key: string) => cohortCall<StudentLoops>(key, 'GET', `${id}/me/loops`)

/** Reads `#key=` from the address bar into storage and removes it, like room invites (see roomToken.ts). */
export function takeFragmentKey(storageKey: string): string | null {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''))
  const fromHash = params.get('key')
  if (fromHash) {
    try {
      localStorage.setItem(storageKey, fromHash)
    } catch {
      /* storage refused: the key lives for this page only */
    }
    params.delete('key')
    const rest = params.toString()
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${rest ? `#${rest}` : ''}`)
    return fromHash
  }
  try {
    return localStorage.getItem(storageKey)
  } catch {
    return null
  }
}
