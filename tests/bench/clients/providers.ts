import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import type { Awareness } from 'y-protocols/awareness'
import type { ClientEvents, DocClient } from './types.ts'

/** Shared by both stock providers: awareness through a y-protocols Awareness instance. */
abstract class ProviderClient implements DocClient {
  onAwareness: DocClient['onAwareness'] = null
  onDurable: DocClient['onDurable'] = null
  onRemoteUpdate: DocClient['onRemoteUpdate'] = null
  protected isSynced = false
  private waiters: (() => void)[] = []

  constructor(readonly doc: Y.Doc) {
    // The stock providers apply remote updates themselves; the document's event carries them.
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== null && this.onRemoteUpdate) this.onRemoteUpdate(update)
    })
  }

  protected abstract get awareness(): Awareness

  get clientId(): number {
    return this.doc.clientID
  }

  protected listenAwareness(): void {
    this.awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
      if (!this.onAwareness) return
      for (const id of [...added, ...updated]) {
        if (id !== this.doc.clientID) this.onAwareness(id, () => this.awareness.getStates().get(id))
      }
    })
  }

  protected markSynced(): void {
    this.isSynced = true
    for (const w of this.waiters.splice(0)) w()
  }

  synced(): Promise<void> {
    if (this.isSynced) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  setAwareness(state: Record<string, unknown>): void {
    this.awareness.setLocalState(state)
  }

  abstract connect(): void
  abstract disconnect(): void
  abstract destroy(): void
}

/** The stock y-websocket WebsocketProvider (the client Nudge's browsers use), over `ws`. */
export class YWebsocketClient extends ProviderClient {
  private readonly provider: WebsocketProvider

  constructor(serverUrl: string, room: string, params: Record<string, string>, doc: Y.Doc, events: ClientEvents) {
    super(doc)
    this.provider = new WebsocketProvider(serverUrl, room, doc, {
      params,
      connect: false,
      disableBc: true,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      maxBackoffTime: 500,
    })
    this.provider.on('sync', (s: boolean) => {
      if (s) this.markSynced()
      else this.isSynced = false
    })
    this.provider.on('connection-error', () => events.error('connection error'))
    this.listenAwareness()
  }

  protected get awareness(): Awareness {
    return this.provider.awareness
  }

  connect(): void {
    this.isSynced = false
    this.provider.connect()
  }

  disconnect(): void {
    this.isSynced = false
    this.provider.disconnect()
  }

  destroy(): void {
    this.provider.destroy()
  }
}

/** Hocuspocus's own provider, one WebSocket per provider as a browser tab would have. */
export class HocuspocusClient extends ProviderClient {
  private readonly socket: HocuspocusProviderWebsocket
  private readonly provider: HocuspocusProvider

  constructor(url: string, name: string, doc: Y.Doc, events: ClientEvents) {
    super(doc)
    this.socket = new HocuspocusProviderWebsocket({
      url,
      WebSocketPolyfill: WebSocket,
      autoConnect: false,
      delay: 200,
      minDelay: 100,
      maxDelay: 1000,
    })
    this.provider = new HocuspocusProvider({ websocketProvider: this.socket, name, document: doc, token: 'bench' })
    this.provider.attach()
    this.provider.on('synced', () => this.markSynced())
    this.provider.on('authenticationFailed', () => events.error('authentication failed'))
    this.provider.on('close', ({ event }: { event: { code: number } }) => {
      if (this.open && event.code !== 1000) events.error(`closed ${event.code}`)
    })
    this.listenAwareness()
  }

  private open = false

  protected get awareness(): Awareness {
    return this.provider.awareness!
  }

  connect(): void {
    this.isSynced = false
    this.open = true
    // A provider attached to a socket it does not manage syncs on every (re)open of that socket.
    void this.socket.connect()
  }

  disconnect(): void {
    this.isSynced = false
    this.open = false
    this.socket.disconnect()
  }

  destroy(): void {
    this.open = false
    this.provider.destroy()
    this.socket.destroy()
  }
}
