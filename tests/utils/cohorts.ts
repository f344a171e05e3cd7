import type { Dashboard, Session, Student, StudentWhere } from '@nudge/shared'

export const ADMIN_TOKEN = 'test-admin-token-0123456789'

/** The secret in a link's fragment (`#key=` for cohort links, `#token=` for room invites). */
export const fragmentSecret = (url: string) => new URL(url).hash.replace(/^#(key|token)=/, '')

/** A small HTTP client for one cohort, as its organizer. */
export async function createCohort(base: string, name = 'Spring bootcamp') {
  const res = await fetch(`${base}/api/cohorts`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ name }),
  })
  if (res.status !== 201) throw new Error(`create cohort: ${res.status} ${await res.text()}`)
  const { id, organizer } = (await res.json()) as { id: string; organizer: string }
  const key = fragmentSecret(organizer)
  const call = async (method: string, path: string, body?: unknown, type = 'application/json') => {
    const r = await fetch(`${base}/api/cohorts/${id}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': type } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body),
    })
    const text = await r.text()
    return { status: r.status, text, json: () => JSON.parse(text) as any }
  }
  const ok = async <T>(method: string, path: string, body?: unknown, type?: string): Promise<T> => {
    const r = await call(method, path, body, type)
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`)
    return (r.status === 204 ? null : r.json()) as T
  }
  return {
    id, organizer, key, call,
    importCsv: (csv: string) => ok<{ added: number; students: Student[] }>('POST', '/students', csv, 'text/csv'),
    roster: async () => (await ok<{ students: Student[] }>('GET', '')).students,
    startSession: (body: object) => ok<Session>('POST', '/sessions', body),
    advance: (sid: string) => ok<Session>('POST', `/sessions/${sid}/advance`),
    dashboard: () => ok<Dashboard>('GET', '/dashboard'),
    where: async (student: Student) => {
      const r = await fetch(`${base}/api/cohorts/${id}/me`, { headers: { authorization: `Bearer ${fragmentSecret(student.link)}` } })
      if (r.status !== 200) throw new Error(`me: ${r.status} ${await r.text()}`)
      return (await r.json()) as StudentWhere
    },
  }
}
