import { CaptureUpdateAction, reconcileElements, restoreElements } from '@excalidraw/excalidraw'
import type { ExcalidrawElement } from '@excalidraw/excalidraw/element/types'
import type { AppState, BinaryFileData, BinaryFiles, ExcalidrawImperativeAPI } from '@excalidraw/excalidraw/types'
import type { RemoteExcalidrawElement } from '@excalidraw/excalidraw/data/reconcile'
import * as Y from 'yjs'
import {
  MAX_ELEMENT_JSON_CHARS,
  MAX_FILE_DATA_URL_CHARS,
  asElement,
  asFile,
  beats,
  busyElementIds,
  boardElements,
  boardFiles,
  type VersionedElement,
} from './boardDoc.ts'

/** Excalidraw's fractional indices order as plain strings; elements without one go last. */
function byIndex(a: unknown, b: unknown): number {
  const x = typeof a === 'string' ? a : null
  const y = typeof b === 'string' ? b : null
  if (x === y) return 0
  if (x === null) return 1
  if (y === null) return -1
  return x < y ? -1 : 1
}

/** Local changes are sent at most this often while dragging (Excalidraw reports every frame). */
const FLUSH_MS = 40

export interface BoardBindingOptions {
  readOnly: boolean
  /** A change that could not be shared (too large); shown to the user. */
  onRefused?: (message: string) => void
}

/**
 * Binds one Excalidraw scene to the board document. Local changes go to the shared map with
 * the binding as transaction origin; changes from others are merged with Excalidraw's own
 * reconcileElements and applied with `CaptureUpdateAction.NEVER`, so Excalidraw's undo history
 * only ever holds this user's own actions (Ctrl+Z never undoes the partner's drawing).
 */
export class BoardBinding {
  private readonly elements: Y.Map<unknown>
  private readonly files: Y.Map<unknown>
  /** Version and nonce of each element as the shared map holds it (as far as we know). */
  private readonly shared = new Map<string, Pick<VersionedElement, 'version' | 'versionNonce'>>()
  private readonly refusedIds = new Set<string>()
  private pending: readonly ExcalidrawElement[] | null = null
  private pendingFiles: BinaryFiles | null = null
  /** Remote changes held back while this user edits those elements (see busyElementIds). */
  private readonly deferred = new Set<string>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private destroyed = false

  constructor(
    private readonly doc: Y.Doc,
    private readonly api: ExcalidrawImperativeAPI,
    private readonly opts: BoardBindingOptions,
  ) {
    this.elements = boardElements(doc)
    this.files = boardFiles(doc)
    this.elements.observe(this.onRemoteElements)
    this.files.observe(this.onRemoteFiles)
    this.applyRemote([...this.elements.keys()])
    this.addFiles([...this.files.keys()])
  }

  /** Excalidraw's onChange: called for every scene or UI change, so it only marks work. */
  onChange(elements: readonly ExcalidrawElement[], files: BinaryFiles, appState?: Partial<AppState>): void {
    if (this.destroyed) return
    if (this.deferred.size && appState) {
      const busy = busyElementIds(appState)
      if (![...this.deferred].some((id) => busy.has(id))) {
        const keys = [...this.deferred]
        this.deferred.clear()
        // After this change is written (a flush may win over the held-back copy, or lose to it).
        queueMicrotask(() => {
          this.flush()
          if (!this.destroyed) this.applyRemote(keys)
        })
      }
    }
    if (this.opts.readOnly) return
    this.pending = elements
    this.pendingFiles = files
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS)
  }

  /** Writes every element that is newer than the shared copy, in one transaction. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const elements = this.pending
    const files = this.pendingFiles
    this.pending = null
    this.pendingFiles = null
    if (!elements || this.destroyed) return
    const changed = elements.filter((e) => {
      const s = this.shared.get(e.id)
      return !s || beats(e, s)
    })
    const newFiles = files ? Object.values(files).filter((f) => !this.files.has(f.id)) : []
    if (!changed.length && !newFiles.length) return
    this.doc.transact(() => {
      for (const e of changed) this.write(e)
      for (const f of newFiles) this.writeFile(f)
    }, this)
  }

  private write(e: ExcalidrawElement): void {
    const json = { ...e } as Record<string, unknown>
    if (JSON.stringify(json).length > MAX_ELEMENT_JSON_CHARS) {
      if (!this.refusedIds.has(e.id)) this.opts.onRefused?.('That drawing is too large to share; draw it in shorter strokes.')
      this.refusedIds.add(e.id)
      return
    }
    this.elements.set(e.id, json)
    this.shared.set(e.id, { version: e.version, versionNonce: e.versionNonce })
  }

  private writeFile(f: BinaryFileData): void {
    if (f.dataURL.length > MAX_FILE_DATA_URL_CHARS) {
      if (!this.refusedIds.has(f.id)) {
        this.opts.onRefused?.(`That image is too large to share (${Math.round(f.dataURL.length / 1024)} KB; the limit is ${Math.round(MAX_FILE_DATA_URL_CHARS / 1024)} KB).`)
      }
      this.refusedIds.add(f.id)
      return
    }
    this.files.set(f.id, { id: f.id, mimeType: f.mimeType, dataURL: f.dataURL, created: f.created })
  }

  private readonly onRemoteElements = (event: Y.YMapEvent<unknown>, tr: Y.Transaction): void => {
    if (tr.origin === this || this.destroyed) return
    this.applyRemote([...event.keysChanged])
  }

  private readonly onRemoteFiles = (event: Y.YMapEvent<unknown>, tr: Y.Transaction): void => {
    if (tr.origin === this || this.destroyed) return
    this.addFiles([...event.keysChanged])
  }

  /** Merges the shared copies of `keys` into the scene. */
  private applyRemote(keys: string[]): void {
    const appState = this.api.getAppState() as AppState
    const busy = busyElementIds(appState)
    const remote: Record<string, unknown>[] = []
    for (const key of keys) {
      const el = asElement(key, this.elements.get(key))
      if (!el) continue
      this.shared.set(key, { version: el.version, versionNonce: el.versionNonce })
      if (busy.has(key)) this.deferred.add(key)
      else remote.push(el)
    }
    if (!remote.length) return
    let restored: ExcalidrawElement[]
    try {
      // Fills defaults and drops what Excalidraw cannot draw: the values came from other clients.
      // In z-order, or restore would "repair" the fractional indices of an unordered batch (and
      // bump versions). Bindings are not repaired: a label may arrive before or after its arrow.
      remote.sort((a, b) => byIndex(a.index, b.index))
      restored = restoreElements(remote as unknown as ExcalidrawElement[], null)
    } catch {
      return
    }
    // Restore may bump a version while normalising (an empty text becomes deleted, a missing
    // index is filled in). That is not an edit of ours: keep the version it came with, or this
    // page would hold a "newer" copy, write it back, and replace the author's element (e.g. the
    // label someone is just starting to type becomes deleted for everyone).
    const sent = new Map(remote.map((r) => [r.id as string, r as unknown as VersionedElement]))
    restored = restored.map((e) => {
      const r = sent.get(e.id)
      return r && (e.version !== r.version || e.versionNonce !== r.versionNonce)
        ? ({ ...e, version: r.version, versionNonce: r.versionNonce } as ExcalidrawElement)
        : e
    })
    const local = this.api.getSceneElementsIncludingDeleted()
    const merged = reconcileElements(local, restored as unknown as RemoteExcalidrawElement[], appState)
    this.api.updateScene({ elements: merged, captureUpdate: CaptureUpdateAction.NEVER })
    if (this.opts.readOnly) return
    // Where our copy won (a concurrent edit with a higher version), the map may still hold the
    // other one: write ours again so every peer ends up with the same element.
    const byId = new Map(merged.map((e) => [e.id, e]))
    const ours = restored.filter((r) => {
      const mine = byId.get(r.id)
      return mine !== undefined && beats(mine, r)
    })
    if (ours.length) this.doc.transact(() => ours.forEach((r) => this.write(byId.get(r.id)!)), this)
  }

  private addFiles(keys: string[]): void {
    const files = keys.map((k) => asFile(k, this.files.get(k))).filter((f) => f !== null)
    if (files.length) this.api.addFiles(files as BinaryFileData[])
  }

  destroy(): void {
    if (this.destroyed) return
    this.flush()
    this.destroyed = true
    this.elements.unobserve(this.onRemoteElements)
    this.files.unobserve(this.onRemoteFiles)
  }
}
