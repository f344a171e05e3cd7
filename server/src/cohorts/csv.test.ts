import { describe, expect, it } from 'vitest'
import { CsvError, inertCell, parseCsv, toCsv } from './csv.ts'

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF, a BOM and skips blank lines', () => {
    const text = '\ufeffname,email\r\n"Lovelace, Ada","a@x.org"\r\n\r\n"Say ""hi""",\nBob,b@x.org'
    expect(parseCsv(text, 10, 5)).toEqual([['name', 'email'], ['Lovelace, Ada', 'a@x.org'], ['Say "hi"', ''], ['Bob', 'b@x.org']])
  })
  it('keeps newlines inside quotes', () => {
    expect(parseCsv('a\n"x\ny"', 10, 5)).toEqual([['a'], ['x\ny']])
  })
  it('stops at the row and column limits and on an unclosed quote', () => {
    expect(() => parseCsv('a\nb\nc\nd', 2, 5)).toThrow(CsvError)
    expect(() => parseCsv('a,b,c', 5, 2)).toThrow(/more than 2 columns/)
    expect(() => parseCsv('a\n"b', 5, 2)).toThrow(/never closed/)
  })
})

describe('formula escaping', () => {
  it('makes formula-looking cells inert and leaves others alone', () => {
    for (const v of ['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', '\t=1']) expect(inertCell(v)).toBe(`'${v}`)
    expect(inertCell('Ada')).toBe('Ada')
  })
  it('writes inert, quoted CSV that parses back', () => {
    const text = toCsv(['name', 'score'], [['=HYPERLINK("http://evil","x")', 3], ['Ada, L', null]])
    expect(parseCsv(text, 10, 5)).toEqual([['name', 'score'], ['\'=HYPERLINK("http://evil","x")', '3'], ['Ada, L', '']])
  })
})
