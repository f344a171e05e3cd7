import { afterEach, describe, expect, it, vi } from 'vitest'
import { memoryStore } from '../lib/storage.ts'
import { CollabSession } from './session.ts'
import { StatusStore } from './status.ts'

/**
 * #14.20: a browser sees a refused Yjs upgrade only as a close with 1006, so the session asks
 * the endpoint's address (a plain GET) why, and acts on the answer.
 */
function setup(answer: { status: number; body?: unknown }) {
  const fetchMock = vi.fn(async () => new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status }))
  vi.stubGlobal('fetch', fetchMock)
  // Node 20 has no WebSocket; the provider only needs the constructor until it connects.
  vi.stubGlobal('WebSocket', class {})
  const status = new StatusStore()
  const onTicketRefused = vi.fn()
  const session = new CollabSession({ roomId: 'room1234abcd', epoch: 'e1', serverUrl: 'ws://nudge.test/yjs', status, store: memoryStore(), onTicketRefused })
  session.provider.params = { ...session.provider.params, ticket: 't1' }
  /** What the provider reports when a WebSocket closes before it opened. */
  const refusedClose = () => session.provider.emit('connection-close', [{ code: 1006, reason: '' } as CloseEvent, session.provider])
  return { session, status, fetchMock, onTicketRefused, refusedClose }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('CollabSession: why an upgrade was refused', () => {
  it('stops with a clear message when the room is gone, asking the same address over HTTP', async () => {
    const { session, status, fetchMock, refusedClose } = setup({ status: 404, body: { code: 'NOT_FOUND', message: 'This room or document does not exist.' } })
    refusedClose()
    await vi.waitFor(() => expect(status.getSnapshot().closed).not.toBeNull())
    expect(fetchMock).toHaveBeenCalledWith('http://nudge.test/yjs/room1234abcd?nudge=1&ticket=t1', { cache: 'no-store' })
    expect(status.getSnapshot()).toMatchObject({ connection: 'closed', closed: { code: 404, reason: 'This room does not exist any more.' } })
    expect(session.provider.shouldConnect).toBe(false)
    session.destroy()
  })

  it('asks for a fresh ticket when the ticket was refused, and keeps reconnecting', async () => {
    const { session, status, onTicketRefused, refusedClose } = setup({ status: 401, body: { code: 'UNAUTHORIZED', message: 'The collaboration ticket is invalid or expired.' } })
    refusedClose()
    await vi.waitFor(() => expect(onTicketRefused).toHaveBeenCalledTimes(1))
    expect(status.getSnapshot().closed).toBeNull()
    session.destroy()
  })

  it('says the server is restarting on 503, does nothing on 204, and asks at most once per few seconds', async () => {
    const { session, status, fetchMock, refusedClose } = setup({ status: 503, body: { code: 'UNAVAILABLE', message: 'The server is restarting.' } })
    refusedClose()
    await vi.waitFor(() => expect(status.getSnapshot().notice?.message).toBe('The server is restarting; reconnecting…'))
    refusedClose()
    refusedClose()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(status.getSnapshot().closed).toBeNull()
    session.destroy()
  })

  it('does not ask when the server closed an open connection with a code of its own', async () => {
    const { session, status, fetchMock } = setup({ status: 204 })
    session.provider.emit('connection-close', [{ code: 4503, reason: '' } as CloseEvent, session.provider])
    expect(status.getSnapshot().notice?.message).toBe('The room could not be loaded from storage; retrying…')
    expect(fetchMock).not.toHaveBeenCalled()
    session.destroy()
  })
})
