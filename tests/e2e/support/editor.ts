import type { Locator, Page } from 'playwright-core'

/** The Monaco editor of a room page. */
export const editorOf = (page: Page): Locator => page.getByTestId('code-editor')

/**
 * The document as the page shows it: Monaco's rendered lines in top-to-bottom order, with the
 * non-breaking spaces Monaco renders for runs of spaces turned back into spaces. Monaco renders
 * only the lines in its viewport, which holds every document this suite writes.
 */
export function editorText(page: Page): Promise<string> {
  return editorOf(page)
    .locator('.view-lines')
    .evaluate((el) => {
      const lines = [...el.querySelectorAll<HTMLElement>(':scope > .view-line')]
      lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      return lines.map((l) => l.textContent ?? '').join('\n').replace(/\u00a0/g, ' ')
    })
}

/**
 * Types like a person: focuses the editor, moves the caret to the end of the document (or its
 * start, or the end of a line) and presses each key. Lines are separated by Enter after Escape, so a suggestion popup open at
 * the end of a line is dismissed instead of accepted. The texts this suite types contain no
 * brackets or quotes, which Monaco would auto-close.
 */
export async function typeInEditor(
  page: Page,
  lines: string | string[],
  opts: { at?: 'end' | 'start' | { endOfLine: number }; delay?: number } = {},
) {
  await editorOf(page).locator('.view-lines').click()
  const at = opts.at ?? 'end'
  if (typeof at === 'object') {
    await page.keyboard.press('Control+Home')
    for (let i = 1; i < at.endOfLine; i++) await page.keyboard.press('ArrowDown')
    await page.keyboard.press('End')
  } else {
    await page.keyboard.press(at === 'start' ? 'Control+Home' : 'Control+End')
  }
  const list = typeof lines === 'string' ? [lines] : lines
  for (const [i, line] of list.entries()) {
    if (i > 0) {
      await page.keyboard.press('Escape')
      await page.keyboard.press('Enter')
      // Monaco may auto-indent the new line; the suite's lines carry no indentation of their own.
      await page.keyboard.press('Home')
    }
    await page.keyboard.type(line, { delay: opts.delay ?? 15 })
  }
  await page.keyboard.press('Escape')
}

/**
 * The names on the remote cursors this page draws. y-monaco renders a caret decoration
 * `.yRemoteSelectionHead-<clientId>`; Nudge's cursor styles put the owner's name in its
 * `::after` label. Only carets laid out on screen count.
 */
export function remoteCursorNames(page: Page): Promise<string[]> {
  return editorOf(page).evaluate((root) =>
    [...root.querySelectorAll<HTMLElement>('[class*="yRemoteSelectionHead-"]')]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).display !== 'none')
      .map((el) => getComputedStyle(el, '::after').content.replace(/^"|"$/g, '')),
  )
}
