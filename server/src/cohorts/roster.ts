import { COHORT_LIMITS, StudentInput, type RowError } from '@nudge/shared'
import { parseCsv, CsvError } from './csv.ts'

export type RosterResult = { ok: true; students: StudentInput[] } | { ok: false; message: string; rows: RowError[] }

const MAX_ROW_ERRORS = 50

/**
 * Validates a roster import completely before anything is stored: every row must be valid and no
 * name may repeat (within the file or against the current roster), or nothing is imported and
 * each bad row is reported.
 */
export function validateRoster(input: StudentInput[] | unknown[], existingNames: readonly string[], firstRow = 1): RosterResult {
  const errors: RowError[] = []
  const seen = new Set(existingNames.map((n) => n.toLowerCase()))
  const students: StudentInput[] = []
  input.forEach((raw, i) => {
    const row = firstRow + i
    const parsed = StudentInput.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      errors.push({ row, message: `${issue.path.join('.') || 'row'}: ${issue.message}` })
      return
    }
    const key = parsed.data.name.toLowerCase()
    if (seen.has(key)) errors.push({ row, message: `"${parsed.data.name}" is already on the roster; add something to tell them apart.` })
    seen.add(key)
    students.push(parsed.data)
  })
  if (errors.length > 0) {
    return { ok: false, message: `${errors.length} row${errors.length === 1 ? '' : 's'} cannot be imported; nothing was changed.`, rows: errors.slice(0, MAX_ROW_ERRORS) }
  }
  return { ok: true, students }
}

/** A CSV with a `name` column (any case), an optional `email`, and up to 10 other columns kept. */
export function rosterFromCsv(text: string, existingNames: readonly string[]): RosterResult {
  let table: string[][]
  try {
    table = parseCsv(text, COHORT_LIMITS.importRows + 1, COHORT_LIMITS.extraColumns + 2)
  } catch (err) {
    if (err instanceof CsvError) return { ok: false, message: `${err.message} Nothing was changed.`, rows: [] }
    throw err
  }
  const header = (table[0] ?? []).map((h) => h.trim())
  const nameAt = header.findIndex((h) => h.toLowerCase() === 'name')
  if (nameAt < 0) return { ok: false, message: 'The first row must name the columns and include "name". Nothing was changed.', rows: [] }
  if (table.length < 2) return { ok: false, message: 'The file has no students under its header.', rows: [] }
  const emailAt = header.findIndex((h) => h.toLowerCase() === 'email')
  const rows = table.slice(1).map((cells) => {
    const extra: Record<string, string> = {}
    header.forEach((h, i) => {
      if (i !== nameAt && i !== emailAt && h && cells[i]) extra[h.slice(0, 40)] = cells[i]!
    })
    const email = emailAt >= 0 ? cells[emailAt]?.trim() : undefined
    return { name: cells[nameAt] ?? '', ...(email ? { email } : {}), extra }
  })
  return validateRoster(rows, existingNames, 2)
}
