import { describe, expect, it } from 'vitest'
import { ApiError, deleteRoom } from './api.ts'

/** A fetch that records its one request and answers with `status` and `body`. */
function fakeFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = []
  const impl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init })
    return new Response(body === undefined ? null : JSON.stringify(body), { status })
  }) as unknown as typeof fetch
  return { impl, calls }
}

describe('deleteRoom', () => {
  it('sends DELETE with the secret as a bearer token and the room id as confirmation', async () => {
    const f = fakeFetch(204, undefined)
    await deleteRoom('room-abc123', 'interviewer-secret-xyz', f.impl)
    expect(f.calls).toHaveLength(1)
    expect(f.calls[0]!.url).toBe('/api/rooms/room-abc123')
    expect(f.calls[0]!.init.method).toBe('DELETE')
    expect((f.calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer interviewer-secret-xyz')
    expect(JSON.parse(f.calls[0]!.init.body as string)).toEqual({ confirm: 'room-abc123' })
  })

  it('turns a refusal into an ApiError with the server’s message', async () => {
    const f = fakeFetch(403, { code: 'FORBIDDEN', message: 'Only the interviewer can delete this room.' })
    const err = await deleteRoom('room-abc123', 'candidate-secret-xyz', f.impl).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'FORBIDDEN', status: 403, message: 'Only the interviewer can delete this room.' })
  })

  it('says the room was not deleted when the server cannot be reached', async () => {
    const offline = (async () => {
      throw new TypeError('fetch failed')
    }) as unknown as typeof fetch
    await expect(deleteRoom('room-abc123', 'secret-secret-secret', offline)).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringContaining('not deleted') })
  })
})
