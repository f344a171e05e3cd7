import type { IncomingMessage, Server } from 'node:http'
import type { FastifyBaseLogger } from 'fastify'
import type * as Y from 'yjs'
import { AppError, CLOSE, ERRORS, type DocName, type ErrorBody } from '@nudge/shared'
import { docKey } from '../store/types.ts'
import { LiveDocument, type DocumentDeps, type Session } from './document.ts'
import { attachYjsEndpoint, type Authenticate } from './endpoint.ts'
import type { CollabLimits } from './limits.ts'
import type { UpdateLog } from './persistence.ts'
import type { Relay } from './relay.ts'
import type { Tickets } from './tickets.ts'

export interface CollabDeps {
  /** The update log; built knowing whether this node is the only writer (`relay.onlyWriter`). */
  log: UpdateLog
  /** Always present: `LocalRelay` on one node, `RedisRelay` when scaled. */
  relay: Relay
  /** Resolves an invite secret to the role it grants in the room (rooms/ owns invites). */
  authenticate: Authenticate
  tickets: Tickets
  limits: CollabLimits
  logger: FastifyBaseLogger
  /** The site's origin gate (site/public-site.ts) for WebSocket upgrades. */
  allowsOrigin(origin: string | undefined): boolean
}

export type Collab = ReturnType<typeof createCollab>

/**
 * The collaborative documents of this node: every room's named documents (`code`, `board`),
 * each loaded on its first connection and unloaded when its last connection has left and its
 * updates are stored, and the y-websocket endpoint that connects to them. Everything it needs
 * is handed in here; nothing is attached after construction.
 */
export function createCollab(deps: CollabDeps) {
  const { log, relay, logger } = deps
  const docs = new Map<string, LiveDocument>()

  const documentDeps: DocumentDeps = {
    persistence: log,
    relay,
    limits: deps.limits,
    idle: (doc) => {
      if (docs.get(doc.key) !== doc) return
      docs.delete(doc.key)
      log.forget(doc.key, doc.roomId)
      relay.detach(doc)
      doc.destroy()
    },
    warn: (doc, err, context) => logger.warn({ err, roomId: doc.roomId, doc: doc.name }, `collab: ${context}`),
  }

  const open = (roomId: string, name: DocName): LiveDocument => {
    let doc = docs.get(docKey(roomId, name))
    if (!doc) {
      doc = new LiveDocument(roomId, name, documentDeps)
      docs.set(doc.key, doc)
      relay.attach(doc)
    }
    return doc
  }

  let endpoint: ReturnType<typeof attachYjsEndpoint> | null = null

  const collab = {
    log,
    relay,

    /** Rooms with at least one document loaded on this node. */
    get roomCount(): number {
      return new Set([...docs.values()].map((d) => d.roomId)).size
    },

    /** A loaded document, or undefined. */
    get(roomId: string, name: DocName = 'code'): LiveDocument | undefined {
      return docs.get(docKey(roomId, name))
    },

    /** The loaded documents (metrics). */
    documents(): IterableIterator<LiveDocument> {
      return docs.values()
    },

    /** Joins a session to a document, loading it if needed. Messages sent meanwhile are buffered. */
    connect(roomId: string, name: DocName, session: Session): LiveDocument {
      const doc = open(roomId, name)
      doc.join(session)
      return doc
    },

    /**
     * Runs `fn` on a room's live document inside one transaction with origin 'server', so what it
     * changes is stored (author 'server') and broadcast to every connection like any edit. Loads
     * the document if it is not loaded, and lets it unload again once it is idle and stored. Used
     * for server-side edits (starter code) and reads (final code and board, hint anchors).
     */
    async withDocument<T>(roomId: string, fn: (doc: Y.Doc) => T, name: DocName = 'code'): Promise<T> {
      const live = open(roomId, name)
      // Held from before the wait: a concurrent call that finishes first must not unload it.
      const release = live.hold()
      try {
        await live.ready
        if (!live.isReady) throw new AppError('UNAVAILABLE')
        let result: { value: T } | undefined
        live.doc.transact(() => {
          result = { value: fn(live.doc) }
        }, 'server')
        return result!.value
      } finally {
        release()
      }
    },

    /** Serves the y-websocket endpoint (`/yjs/<roomId>` and `/yjs/<roomId>/<doc>`) on `server`. */
    listen(server: Server): void {
      endpoint = attachYjsEndpoint(server, {
        connect: collab.connect,
        tickets: deps.tickets,
        authenticate: deps.authenticate,
        log: logger,
        allowsOrigin: deps.allowsOrigin,
        sendQueueBytes: deps.limits.sendQueueBytes,
      })
    },

    /**
     * What a Yjs upgrade of `req` would get: null (accepted) or its refusal (one of YJS_REFUSALS).
     * A browser sees a refused upgrade only as a close with 1006; this tells it why.
     */
    async checkUpgrade(req: IncomingMessage): Promise<{ status: number; body: ErrorBody } | null> {
      if (!endpoint) return { status: 503, body: { code: 'UNAVAILABLE', message: ERRORS.UNAVAILABLE.message } }
      return endpoint.check(req)
    },

    /**
     * Shutdown: refuse new connections, store everything, close every connection, stop the
     * relay. Resolves false if some updates could not be stored before the deadline.
     */
    async close(deadlineMs = 10_000): Promise<boolean> {
      endpoint?.stopAccepting()
      const stored = await log.drain(deadlineMs)
      for (const doc of docs.values()) {
        relay.detach(doc)
        doc.destroy(CLOSE.goingAway, 'Server restarting')
      }
      docs.clear()
      await relay.close()
      endpoint?.close()
      return stored
    },
  }
  return collab
}
