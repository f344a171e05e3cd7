import { exportToBlob, exportToSvg } from '@excalidraw/excalidraw'
import type { ExcalidrawImperativeAPI } from '@excalidraw/excalidraw/types'
import { downloadBlob } from '../interview/downloads.ts'

export const boardFileName = (title: string, ext: string): string =>
  `${(title.trim() || 'board').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'board'}-board.${ext}`

/** Downloads the board as PNG or SVG, drawn by Excalidraw in this browser (fonts embedded in the SVG). */
export async function exportBoard(api: ExcalidrawImperativeAPI, format: 'png' | 'svg', title: string): Promise<void> {
  const elements = api.getSceneElements()
  // The SVG carries the scene itself (Excalidraw's embedded payload), so it can be opened and edited again.
  const appState = { ...api.getAppState(), exportBackground: true, exportWithDarkMode: false, exportEmbedScene: format === 'svg' }
  const files = api.getFiles()
  if (format === 'png') {
    downloadBlob(boardFileName(title, 'png'), await exportToBlob({ elements, appState, files, mimeType: 'image/png', exportPadding: 16 }))
    return
  }
  const svg = await exportToSvg({ elements, appState, files, exportPadding: 16 })
  downloadBlob(boardFileName(title, 'svg'), new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' }))
}
