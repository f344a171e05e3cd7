import { useEffect, useRef } from 'react'
import { exportToSvg, restoreElements } from '@excalidraw/excalidraw'
import type { ExcalidrawElement } from '@excalidraw/excalidraw/element/types'
import type { BinaryFiles } from '@excalidraw/excalidraw/types'
import type { BoardContent } from '@nudge/shared'

export interface BoardSnapshotProps {
  board: BoardContent
  label: string
  /** Receives the drawn SVG's markup (for the debrief's downloads). */
  onSvg?: (svg: string) => void
}

/**
 * A read-only picture of a board, drawn by Excalidraw's exportToSvg in this browser (the fonts
 * are embedded in the SVG). Imported lazily: only a debrief with a board pays for Excalidraw.
 */
export default function BoardSnapshot({ board, label, onSvg }: BoardSnapshotProps) {
  const host = useRef<HTMLDivElement>(null)
  const svgRef = useRef(onSvg)
  useEffect(() => {
    svgRef.current = onSvg
  })
  useEffect(() => {
    let stale = false
    // The elements come from the server as other clients stored them: restore before drawing.
    const elements = restoreElements(board.elements as unknown as ExcalidrawElement[], null)
    exportToSvg({
      elements,
      appState: { exportBackground: true, viewBackgroundColor: '#ffffff', exportWithDarkMode: false },
      files: board.files as unknown as BinaryFiles,
      exportPadding: 16,
    }).then(
      (svg: SVGSVGElement) => {
        if (stale || !host.current) return
        svg.setAttribute('role', 'img')
        svg.setAttribute('aria-label', label)
        host.current.replaceChildren(svg)
        svgRef.current?.(new XMLSerializer().serializeToString(svg))
      },
      () => {
        if (!stale && host.current) host.current.textContent = 'The board could not be drawn.'
      },
    )
    return () => {
      stale = true
    }
  }, [board, label])
  return <div className="board-snapshot" ref={host} data-testid="board-snapshot" />
}
