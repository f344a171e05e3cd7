import { describe, expect, it } from 'vitest'
import { inlineText, parseInline, parseMarkdown, safeHref } from './markdown.ts'

describe('markdown subset', () => {
  it('parses paragraphs, code, emphasis, lists, headings and code blocks', () => {
    const md = [
      '# Title',
      '',
      'Return the **earliest** minute `t`, or *-1*.',
      'Same paragraph.',
      '',
      '- one',
      '- two with `code`',
      '  continued',
      '',
      '1. first',
      '2. second',
      '',
      '```js',
      'const a = b * c * d',
      '```',
      '',
      '    indented code',
      '',
      '> quoted',
      '---',
    ].join('\n')
    expect(parseMarkdown(md)).toEqual([
      { type: 'h', level: 1, children: [{ type: 'text', text: 'Title' }] },
      {
        type: 'p',
        children: [
          { type: 'text', text: 'Return the ' },
          { type: 'strong', children: [{ type: 'text', text: 'earliest' }] },
          { type: 'text', text: ' minute ' },
          { type: 'code', text: 't' },
          { type: 'text', text: ', or ' },
          { type: 'em', children: [{ type: 'text', text: '-1' }] },
          { type: 'text', text: '. Same paragraph.' },
        ],
      },
      {
        type: 'list', ordered: false, start: 1,
        items: [[{ type: 'text', text: 'one' }], [{ type: 'text', text: 'two with ' }, { type: 'code', text: 'code' }, { type: 'text', text: ' continued' }]],
      },
      { type: 'list', ordered: true, start: 1, items: [[{ type: 'text', text: 'first' }], [{ type: 'text', text: 'second' }]] },
      { type: 'code', lang: 'js', text: 'const a = b * c * d' },
      { type: 'code', lang: '', text: 'indented code' },
      { type: 'quote', children: [{ type: 'p', children: [{ type: 'text', text: 'quoted' }] }] },
      { type: 'hr' },
    ])
  })

  it('treats HTML as plain text: nothing can inject markup', () => {
    const blocks = parseMarkdown('<script>alert(1)</script> and <img src=x onerror=alert(1)>')
    expect(blocks).toEqual([{ type: 'p', children: [{ type: 'text', text: '<script>alert(1)</script> and <img src=x onerror=alert(1)>' }] }])
  })

  it('keeps only http(s) and mailto links; other targets become text', () => {
    expect(parseInline('[docs](https://example.com/a?b=1)')).toEqual([
      { type: 'link', href: 'https://example.com/a?b=1', children: [{ type: 'text', text: 'docs' }] },
    ])
    expect(parseInline('[click](javascript:alert(1))')).toEqual([{ type: 'text', text: 'click' }, { type: 'text', text: ')' }])
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:x', 'data:text/html,x', '/relative', 'vbscript:x', ' https://x y']) {
      expect(safeHref(bad), bad).toBeNull()
    }
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c')
  })

  it('leaves snake_case, lone stars and unclosed code alone, and honours escapes', () => {
    expect(inlineText(parseInline('use first_free_slot and a * b'))).toBe('use first_free_slot and a * b')
    expect(parseInline('snake_case_name')).toEqual([{ type: 'text', text: 'snake_case_name' }])
    expect(parseInline('an `unclosed tick')).toEqual([{ type: 'text', text: 'an `unclosed tick' }])
    expect(parseInline('\\*not em\\*')).toEqual([{ type: 'text', text: '*not em*' }])
    expect(parseInline('``a ` b``')).toEqual([{ type: 'code', text: 'a ` b' }])
  })

  it('keeps hard line breaks and normalises CRLF', () => {
    expect(parseMarkdown('line one  \r\nline two')).toEqual([
      { type: 'p', children: [{ type: 'text', text: 'line one' }, { type: 'br' }, { type: 'text', text: 'line two' }] },
    ])
  })
})
