import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CLOSE, DOC, ErrorBody, YJS_REFUSALS, isYjsRefusal, type DocName, type Language, type Role, type YjsRefusal } from '@nudge/shared'
import type { KeyValueStore } from '../lib/storage.ts'
import { localDbName, readDurable, writeDurable } from './localCopy.ts'
import { REFUSAL_HANDLING, closeHandling, closeMessage, isPermanentClose, nudgeMessageHandlers } from './messages.ts'
import { localStateVector } from './stateVectors.ts'
import type { StatusPort } from './status.ts'

/** What every other client sees of us next to our cursor (y-monaco reads `selection` itself). */
export interface AwarenessUser {
  name: string
  color: string
  role: Role
  participantId: string
}

export interface CollabSessionOptions {
  roomId: string
  epoch: string
  /** Which of the room's documents; the code document when omitted. */
  doc?: DocName
  /** ws(s)://host/yjs */
  serverUrl: string
  status: StatusPort
  store: KeyValueStore
  /** Asked for a fresh ticket when a connection attempt fails (the old one may have expired). */
  onConnectionTrouble?: () => void
  /** The endpoint refused the ticket itself (expired or invalid): a fresh one is needed now. */
  onTicketRefused?: () => void
}

const IDB_TIMEOUT_MS = 3000
/** At most one look at why a connection was refused per this many ms. */
const DIAGNOSE_MIN_MS = 5000

/**
 * One room document for one epoch: Y.Doc + IndexedDB copy + y-websocket provider. It owns no
 * Socket.IO state; the room client hands it tickets. Everything it creates is released by
 * destroy(), which is safe to call twice.
 */
export class CollabSession {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  readonly roomId: string
  readonly epoch: string
  readonly docName: DocName
  /** Resolves once the IndexedDB copy is loaded (or could not be opened). */
  readonly ready: Promise<void>
  private persistence: IndexeddbPersistence | null = null
  private destroyed = false
  private hasTicket = false
  private diagnosing = false
  private lastDiagnosis = 0
  private readonly status: StatusPort
  private readonly cleanups: Array<() => void> = []

  constructor(private readonly opts: CollabSessionOptions) {
    this.roomId = opts.roomId
    this.epoch = opts.epoch
    this.docName = opts.doc ?? 'code'
    this.status = opts.status
    const { doc, status, docName } = this

    status.update({ durable: readDurable(opts.store, opts.roomId, opts.epoch, docName), local: localStateVector(doc) })

    // y-websocket connects to `<serverUrl>/<name>`: the board's name adds its path segment.
    const wsName = docName === 'code' ? opts.roomId : `${opts.roomId}/${docName}`
    this.provider = new WebsocketProvider(opts.serverUrl, wsName, doc, {
      connect: false,
      // Roles differ between tabs of one browser; a BroadcastChannel would let an observer tab
      // receive an editor tab's updates outside the server's checks.
      disableBc: true,
      params: { nudge: '1' },
      // The server's own list decides what is permanent (messages.ts), not a range of codes.
      shouldReconnect: (event) => !isPermanentClose(event.code),
    })
    const handlers = nudgeMessageHandlers(doc, {
      durable: (sv) => {
        status.update({ durable: sv })
        const merged = status.getInputs().durable
        if (merged) writeDurable(opts.store, opts.roomId, opts.epoch, merged, docName)
      },
      notice: (body) => status.showNotice(body),
    })
    for (const [type, handler] of Object.entries(handlers)) this.provider.messageHandlers[Number(type)] = handler

    const onStatus = ({ status: s }: { status: 'connected' | 'disconnected' | 'connecting' }) => status.update({ provider: s })
    const onSync = (synced: boolean) => status.update({ synced })
    const onClose = (event: CloseEvent | null) => {
      // Emitted before the provider forgets the connection: whether it ever opened.
      const opened = this.provider.wsconnected
      status.update({ synced: false })
      const handling = event ? closeHandling(event.code) : null
      if (event && handling && !handling.permanent) {
        status.showNotice({ code: event.code === CLOSE.messageTooBig ? 'TOO_LARGE' : 'UNAVAILABLE', message: handling.message })
      }
      if (!event || !isPermanentClose(event.code)) opts.onConnectionTrouble?.()
      // Closed before it opened: the upgrade was refused (or the network failed). Ask why.
      if (event && !opened && !handling) void this.diagnose()
    }
    const onClosed = ({ code, reason }: { code: number; reason: string }) =>
      status.update({ closed: { code, reason: closeMessage(code, reason) }, provider: 'disconnected' })
    const onError = () => opts.onConnectionTrouble?.()
    this.provider.on('status', onStatus)
    this.provider.on('sync', onSync)
    this.provider.on('connection-close', onClose)
    this.provider.on('closed', onClosed)
    this.provider.on('connection-error', onError)

    // Recompute the local state vector after each change; cheap (one entry per client).
    const onUpdate = () => status.update({ local: localStateVector(doc) })
    doc.on('update', onUpdate)
    this.cleanups.push(() => doc.off('update', onUpdate))

    this.ready = this.openLocalCopy()
  }

  private async openLocalCopy(): Promise<void> {
    if (typeof indexedDB === 'undefined') return
    try {
      const persistence = new IndexeddbPersistence(localDbName(this.roomId, this.epoch, this.docName), this.doc)
      this.persistence = persistence
      const loaded = await Promise.race([
        persistence.whenSynced.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), IDB_TIMEOUT_MS)),
      ])
      if (!this.destroyed) this.status.update({ persistent: loaded, local: localStateVector(this.doc) })
    } catch {
      // Without IndexedDB the editor still works; unsaved edits just don't survive a closed tab.
    }
  }

  get awareness() {
    return this.provider.awareness
  }

  get text(): Y.Text {
    return this.doc.getText(DOC.text)
  }

  get meta(): Y.Map<unknown> {
    return this.doc.getMap(DOC.meta)
  }

  setUser(user: AwarenessUser): void {
    if (this.destroyed) return
    this.awareness.setLocalStateField('user', user)
  }

  setLanguage(language: Language): void {
    this.doc.transact(() => this.meta.set('language', language), 'language-select')
  }

  /**
   * y-websocket 3 builds the URL from `params` on every connection attempt, so a refreshed
   * ticket is simply assigned. The first ticket starts the connection (after the local copy
   * loaded, so the first sync already carries offline edits).
   */
  async setTicket(ticket: string): Promise<void> {
    this.provider.params = { ...this.provider.params, ticket }
    if (this.hasTicket) return
    this.hasTicket = true
    await this.ready
    if (this.destroyed || this.status.getInputs().closed) return
    this.provider.connect()
  }

  /**
   * A browser sees a refused upgrade only as a close with 1006. The endpoint's address fetched
   * as a plain GET answers what the upgrade got: 204, or one of YJS_REFUSALS with its message.
   */
  private async diagnose(): Promise<void> {
    if (this.diagnosing || this.destroyed || Date.now() - this.lastDiagnosis < DIAGNOSE_MIN_MS) return
    this.diagnosing = true
    this.lastDiagnosis = Date.now()
    try {
      const res = await fetch(this.provider.url.replace(/^ws/, 'http'), { cache: 'no-store' })
      if (this.destroyed || res.status === 204) return
      const body = ErrorBody.safeParse(await res.json().catch(() => null))
      if (body.success && isYjsRefusal(body.data.code)) this.refused(body.data.code)
    } catch {
      // Offline or the server is down: the connection status already says so.
    } finally {
      this.diagnosing = false
    }
  }

  private refused(code: YjsRefusal): void {
    const { action, message } = REFUSAL_HANDLING[code]
    if (action === 'new-ticket') return this.opts.onTicketRefused?.()
    if (action === 'retry') return this.status.showNotice({ code, message })
    this.provider.disconnect()
    this.status.update({ closed: { code: YJS_REFUSALS[code], reason: message }, provider: 'disconnected' })
  }

  /** Re-opens the connection with the current params (e.g. a ticket for a new role). */
  reconnect(): void {
    if (this.destroyed || !this.hasTicket) return
    this.provider.disconnect()
    this.provider.connect()
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    for (const c of this.cleanups.splice(0)) c()
    this.provider.awareness.setLocalState(null)
    this.provider.destroy()
    void this.persistence?.destroy()
    this.doc.destroy()
  }
}
