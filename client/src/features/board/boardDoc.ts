import type * as Y from 'yjs'
import type { AppState } from '@excalidraw/excalidraw/types'
import { BOARD, LIMITS } from '@nudge/shared'

/*
 * How the room's `board` document holds an Excalidraw scene (shared/ BOARD; the server reads the
 * same layout for the debrief): `elements` maps an element id to the whole element as plain
 * JSON, replaced on every change; `files` maps a file id to `{ id, mimeType, dataURL, created }`.
 * Deleted elements stay, flagged `isDeleted`, as Excalidraw's own collaboration keeps them:
 * a peer that still holds the element must learn that it was deleted.
 */

export const boardElements = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(BOARD.elements)
export const boardFiles = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(BOARD.files)

/**
 * An image is sent in one Yjs update, and the server closes a frame over
 * LIMITS.yjsFrameBytes; the whole board is capped at LIMITS.documentBytes. A quarter of the
 * frame keeps room for several images on one board.
 */
export const MAX_FILE_DATA_URL_CHARS = Math.floor(LIMITS.yjsFrameBytes / 4)
/** One element's JSON (a long freehand stroke is the largest); past it the change stays local. */
export const MAX_ELEMENT_JSON_CHARS = Math.floor(LIMITS.yjsFrameBytes / 8)

/** The fields the binding relies on; the rest of an element is Excalidraw's to validate. */
export interface VersionedElement {
  id: string
  type: string
  version: number
  versionNonce: number
  isDeleted: boolean
}

/**
 * Values in the shared map were written by other clients: anything that is not an object with
 * a string id and type, integer version and nonce, and a boolean isDeleted is ignored.
 */
export function asElement(key: string, value: unknown): (VersionedElement & Record<string, unknown>) | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const v = value as Record<string, unknown>
  if (v.id !== key || typeof v.type !== 'string' || typeof v.isDeleted !== 'boolean') return null
  if (!Number.isSafeInteger(v.version) || !Number.isSafeInteger(v.versionNonce)) return null
  return v as VersionedElement & Record<string, unknown>
}

/**
 * Excalidraw's own rule for two copies of one element: the higher version wins, and on a tie
 * the lower versionNonce, so every peer picks the same copy whatever order updates arrive in.
 */
export function beats(a: Pick<VersionedElement, 'version' | 'versionNonce'>, b: Pick<VersionedElement, 'version' | 'versionNonce'>): boolean {
  return a.version > b.version || (a.version === b.version && a.versionNonce < b.versionNonce)
}

export interface BoardFile {
  id: string
  mimeType: string
  dataURL: string
  created: number
}

const IMAGE_DATA_URL = /^data:image\/(png|jpeg|gif|webp|svg\+xml|avif|bmp|x-icon);base64,/

/** A file value from the shared map, or null when it is not an image data URL within the cap. */
export function asFile(key: string, value: unknown): BoardFile | null {
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  if (v.id !== key || typeof v.mimeType !== 'string' || typeof v.dataURL !== 'string' || typeof v.created !== 'number') return null
  if (v.dataURL.length > MAX_FILE_DATA_URL_CHARS || !IMAGE_DATA_URL.test(v.dataURL)) return null
  return { id: key, mimeType: v.mimeType, dataURL: v.dataURL, created: v.created }
}

/**
 * The elements this user is in the middle of changing: a text being typed (and the shape or
 * arrow it labels), a shape being drawn, resized, rotated or dragged, a line whose points are
 * being edited. A remote copy of one of them is held back until the gesture ends: replacing it
 * mid-gesture would throw away the edit in progress (Excalidraw's reconcile protects only the
 * text, the new and the resized element, not a label's container or a dragged selection).
 */
export function busyElementIds(appState: Partial<AppState>): Set<string> {
  const ids = new Set<string>()
  const text = appState.editingTextElement
  if (text) {
    ids.add(text.id)
    if (text.type === 'text' && text.containerId) ids.add(text.containerId)
  }
  if (appState.newElement) ids.add(appState.newElement.id)
  if (appState.resizingElement) ids.add(appState.resizingElement.id)
  if (appState.editingLinearElement) ids.add(appState.editingLinearElement.elementId)
  if (appState.selectedElementsAreBeingDragged || appState.isResizing || appState.isRotating) {
    for (const [id, on] of Object.entries(appState.selectedElementIds ?? {})) if (on) ids.add(id)
  }
  return ids
}
