declare const __EXCALIDRAW_ASSETS__: string

/**
 * Points Excalidraw at the fonts Nudge serves itself (copied into /assets/ by the build, see
 * vite.config.ts). Called before Excalidraw's module is imported: without it, Excalidraw
 * fetches its fonts from a public CDN.
 */
export function useNudgeExcalidrawAssets(): void {
  ;(window as { EXCALIDRAW_ASSET_PATH?: string }).EXCALIDRAW_ASSET_PATH = __EXCALIDRAW_ASSETS__
}
