/**
 * CSV in and out, RFC 4180 style (quoted fields, doubled quotes, CRLF or LF). Input is bounded by
 * the caller (request body limit); the parser itself stops at `maxRows` so a huge file costs
 * nothing past the limit.
 */

export class CsvError extends Error {
  override name = 'CsvError'
}

export function parseCsv(text: string, maxRows: number, maxColumns: number): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0 // a byte-order mark from spreadsheet exports
  const endField = () => {
    row.push(field)
    field = ''
    if (row.length > maxColumns) throw new CsvError(`Row ${rows.length + 1} has more than ${maxColumns} columns.`)
  }
  const endRow = () => {
    endField()
    if (!(row.length === 1 && row[0] === '')) rows.push(row) // blank lines are skipped
    row = []
    if (rows.length > maxRows) throw new CsvError(`The file has more than ${maxRows} rows.`)
  }
  for (; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c !== '"') field += c
      else if (text[i + 1] === '"') (field += '"'), i++
      else quoted = false
    } else if (c === '"' && field === '') quoted = true
    else if (c === ',') endField()
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      endRow()
    } else field += c
  }
  if (quoted) throw new CsvError(`Row ${rows.length + 1} has a quote that is never closed.`)
  if (field !== '' || row.length > 0) endRow()
  return rows
}

/**
 * A cell a spreadsheet would read as a formula (=, +, -, @, or a leading tab/CR) gets a leading
 * apostrophe, so `=HYPERLINK(...)` in a name comes out as inert text (OWASP "CSV injection").
 */
export function inertCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/** Rows to CSV text; every string cell is made inert. Numbers are written as they are. */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const line = (cells: (string | number | null)[]) =>
    cells.map((c) => (c === null ? '' : typeof c === 'number' ? String(c) : quote(inertCell(c)))).join(',')
  return [line(header), ...rows.map(line)].join('\r\n') + '\r\n'
}
