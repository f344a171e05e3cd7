/**
 * The families Excalidraw offers for text (its picker and the defaults of older scenes). A
 * partner's text arrives as an element naming its family; loading these up front means it is
 * drawn in that font at once, not in a fallback that is swapped later.
 */
export const BOARD_FONT_FAMILIES = ['Excalifont', 'Nunito', 'Lilita One', 'Comic Shanns', 'Virgil', 'Cascadia', 'Liberation Sans'] as const

const SAMPLE = 'AaBbZz019 →.,;:!?'
const WAIT_FOR_FACES_MS = 2000

/**
 * Excalidraw adds its font faces (with URLs under EXCALIDRAW_ASSET_PATH, i.e. Nudge's own
 * /assets/) to document.fonts as it mounts; wait for them, then load the Latin subsets of each
 * family. Never rejects: a font that fails to load only means a fallback font.
 */
export async function preloadBoardFonts(): Promise<void> {
  const started = Date.now()
  const has = () => [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'Excalifont')
  while (!has() && Date.now() - started < WAIT_FOR_FACES_MS) {
    await new Promise((r) => requestAnimationFrame(() => r(null)))
  }
  await Promise.all(BOARD_FONT_FAMILIES.map((f) => document.fonts.load(`20px "${f}"`, SAMPLE).catch(() => [])))
}
