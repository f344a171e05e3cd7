import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DOC } from '@nudge/shared'
import { isCoveredBy, localStateVector, mergeMax, decodeSV, encodeSV } from './stateVectors.ts'
import { StatusStore, deriveConnection, deriveSave, initialInputs, saveLabel, type StatusInputs } from './status.ts'

/** A "server" doc that stores whatever it receives; its state vector is what is durable. */
function serverWith(...docs: Y.Doc[]): Y.Doc {
  const server = new Y.Doc()
  for (const d of docs) Y.applyUpdate(server, Y.encodeStateAsUpdate(d))
  return server
}

const online = (patch: Partial<StatusInputs> = {}): StatusInputs => ({
  ...initialInputs(true),
  socket: 'connected',
  provider: 'connected',
  synced: true,
  everConnected: true,
  ...patch,
})

describe('the "all changes saved" rule', () => {
  it('is saved only when the durable state vector covers every local client', () => {
    const doc = new Y.Doc()
    doc.getText(DOC.text).insert(0, 'hello')
    const durable = localStateVector(serverWith(doc))
    expect(isCoveredBy(localStateVector(doc), durable)).toBe(true)

    doc.getText(DOC.text).insert(5, '!')
    expect(isCoveredBy(localStateVector(doc), durable)).toBe(false)
  })

  it('counts edits made offline under an older clientID', () => {
    // Session 1 typed offline; the tab was closed; session 2 (new clientID) loads that state.
    const earlier = new Y.Doc()
    earlier.getText(DOC.text).insert(0, 'offline work')
    const now = new Y.Doc()
    Y.applyUpdate(now, Y.encodeStateAsUpdate(earlier))
    now.getText(DOC.text).insert(0, '// ')
    expect(now.clientID).not.toBe(earlier.clientID)

    // The server has stored only what the current clientID wrote (e.g. a partial upload).
    const partial = new Map([[now.clientID, localStateVector(now).get(now.clientID)!]])
    expect(isCoveredBy(localStateVector(now), partial)).toBe(false)
    expect(isCoveredBy(localStateVector(now), localStateVector(serverWith(now)))).toBe(true)
  })

  it('merges durable reports monotonically', () => {
    const merged = mergeMax(new Map([[1, 5], [2, 3]]), new Map([[1, 2], [3, 7]]))
    expect([...merged].sort()).toEqual([[1, 5], [2, 3], [3, 7]])
  })

  it('round-trips a stored state vector and rejects garbage', () => {
    const sv = new Map([[123456789, 42]])
    expect(decodeSV(encodeSV(sv))).toEqual(sv)
    expect(decodeSV('not json')).toBeNull()
    expect(decodeSV('[[1,"x"]]')).toBeNull()
    expect(decodeSV(null)).toBeNull()
  })
})

describe('deriveConnection', () => {
  it('is connected only with both links up and the document synced', () => {
    expect(deriveConnection(online())).toBe('connected')
    expect(deriveConnection(online({ synced: false }))).toBe('reconnecting')
    expect(deriveConnection(online({ socket: 'disconnected' }))).toBe('reconnecting')
  })

  it('distinguishes first connection, reconnecting, browser offline and permanent close', () => {
    expect(deriveConnection(initialInputs(true))).toBe('connecting')
    expect(deriveConnection(online({ provider: 'connecting', synced: false }))).toBe('reconnecting')
    expect(deriveConnection(online({ provider: 'disconnected', online: false }))).toBe('offline')
    expect(deriveConnection(online({ closed: { code: 4404, reason: 'gone' } }))).toBe('closed')
    // Sockets that haven't noticed the lost network yet must not make it look connected.
    expect(deriveConnection(online({ online: false }))).toBe('offline')
  })
})

describe('deriveSave', () => {
  const doc = new Y.Doc()
  doc.getText(DOC.text).insert(0, 'x')
  const local = localStateVector(doc)

  it('treats an empty document as saved', () => {
    expect(deriveSave(online(), 'connected')).toBe('saved')
  })

  it('says saving while connected and offline-unsaved while not', () => {
    expect(deriveSave(online({ local }), 'connected')).toBe('saving')
    expect(deriveSave(online({ local, provider: 'disconnected', synced: false }), 'reconnecting')).toBe('unsaved-offline')
    expect(deriveSave(online({ local, online: false }), 'offline')).toBe('unsaved-offline')
  })

  it('stays saved while offline when everything was already stored', () => {
    expect(deriveSave(online({ local, durable: local, provider: 'disconnected' }), 'reconnecting')).toBe('saved')
  })
})

describe('StatusStore', () => {
  it('follows a real edit → durable → offline edit → reconnect cycle', () => {
    const store = new StatusStore(true)
    const doc = new Y.Doc()
    const text = doc.getText(DOC.text)
    doc.on('update', () => store.update({ local: localStateVector(doc) }))
    const seen: string[] = []
    store.subscribe(() => seen.push(`${store.getSnapshot().connection}/${store.getSnapshot().save}`))

    store.update({ socket: 'connected', provider: 'connected', synced: true })
    text.insert(0, 'a')
    expect(store.getSnapshot().save).toBe('saving')
    store.update({ durable: localStateVector(serverWith(doc)) })
    expect(store.getSnapshot().save).toBe('saved')

    store.update({ provider: 'disconnected', synced: false, socket: 'disconnected' })
    text.insert(1, 'b')
    expect(store.getSnapshot()).toMatchObject({ connection: 'reconnecting', save: 'unsaved-offline' })
    // A stale durable report (smaller clock) must not regress anything.
    store.update({ durable: new Map([[doc.clientID, 0]]) })
    expect(store.getInputs().durable!.get(doc.clientID)).toBe(1)

    store.update({ provider: 'connected', synced: true, socket: 'connected' })
    expect(store.getSnapshot().save).toBe('saving')
    store.update({ durable: localStateVector(serverWith(doc)) })
    expect(store.getSnapshot()).toMatchObject({ connection: 'connected', save: 'saved' })
    expect(seen).toEqual([
      'connected/saved',
      'connected/saving',
      'connected/saved',
      'reconnecting/saved',
      'reconnecting/unsaved-offline',
      'connected/saving',
      'connected/saved',
    ])
  })

  it('counts the board: saved only when both documents are stored, connected only when both are', () => {
    const store = new StatusStore(true)
    const code = new Y.Doc()
    const board = new Y.Doc()
    store.update({ socket: 'connected', provider: 'connected', synced: true, persistent: true })
    code.getText(DOC.text).insert(0, 'x')
    store.update({ local: localStateVector(code), durable: localStateVector(serverWith(code)) })
    expect(store.getSnapshot()).toMatchObject({ connection: 'connected', save: 'saved' })

    const port = store.document('board')
    // Opened but not yet connected: the room is not fully connected.
    expect(store.getSnapshot().connection).toBe('connecting')
    port.update({ provider: 'connected', synced: true, persistent: true })
    expect(store.getSnapshot()).toMatchObject({ connection: 'connected', save: 'saved', persistent: true })

    board.getMap('elements').set('e1', { id: 'e1' })
    port.update({ local: localStateVector(board) })
    expect(store.getSnapshot().save).toBe('saving')
    port.update({ durable: localStateVector(serverWith(board)) })
    expect(store.getSnapshot().save).toBe('saved')
    // A stale report for the board must not regress it, and the code's durable state is its own.
    port.update({ durable: new Map([[board.clientID, 0]]) })
    expect(port.getInputs().durable!.get(board.clientID)).toBe(1)
    expect(store.getInputs().durable!.has(board.clientID)).toBe(false)

    port.update({ provider: 'disconnected', synced: false })
    board.getMap('elements').set('e2', { id: 'e2' })
    port.update({ local: localStateVector(board) })
    expect(store.getSnapshot()).toMatchObject({ connection: 'reconnecting', save: 'unsaved-offline' })
    port.detach()
    expect(store.getSnapshot()).toMatchObject({ connection: 'connected', save: 'saved' })
  })

  it('keeps the same snapshot object when nothing visible changed', () => {
    const store = new StatusStore(true)
    store.update({ socket: 'connected', provider: 'connected', synced: true })
    const before = store.getSnapshot()
    let calls = 0
    store.subscribe(() => calls++)
    store.update({ local: new Map() })
    store.update({ synced: true })
    expect(store.getSnapshot()).toBe(before)
    expect(calls).toBe(0)
  })

  it('shows notices and clears only the one asked for', () => {
    const store = new StatusStore(true)
    store.showNotice({ code: 'FORBIDDEN', message: 'read-only' })
    const first = store.getSnapshot().notice!
    store.showNotice({ code: 'TOO_LARGE', message: 'too big' })
    store.clearNotice(first.seq)
    expect(store.getSnapshot().notice?.code).toBe('TOO_LARGE')
    store.clearNotice(store.getSnapshot().notice!.seq)
    expect(store.getSnapshot().notice).toBeNull()
  })

  it('labels the offline state depending on whether IndexedDB keeps the edits', () => {
    expect(saveLabel({ save: 'unsaved-offline', persistent: true })).toBe('Unsaved changes — offline, kept in this browser')
    expect(saveLabel({ save: 'unsaved-offline', persistent: false })).toMatch(/keep this tab open/)
    expect(saveLabel({ save: 'saved', persistent: false })).toBe('All changes saved')
  })
})
