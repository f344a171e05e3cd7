import type { CreateRoomBody, CreateRoomResponse, InviteCheck } from '@nudge/shared'

/**
 * The response schemas, loaded when a request is made rather than with the landing page: the
 * protocol's schemas (and zod) are most of a landing page's JavaScript otherwise.
 */
const schemas = () =>
  import('@nudge/shared').catch(() => {
    throw new ApiError('NETWORK', 'Could not reach the Nudge server. Check your connection and try again.', 0)
  })

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** POST /api/rooms. Every failure becomes an ApiError whose message can be shown as is. */
export async function createRoom(body: CreateRoomBody, fetchImpl: typeof fetch = fetch): Promise<CreateRoomResponse> {
  let res: Response
  try {
    res = await fetchImpl('/api/rooms', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    })
  } catch {
    throw new ApiError('NETWORK', 'Could not reach the Nudge server. Check your connection and try again.', 0)
  }
  const json: unknown = await res.json().catch(() => null)
  const { CreateRoomResponse, ErrorBody } = await schemas()
  if (!res.ok) {
    const err = ErrorBody.safeParse(json)
    if (err.success) throw new ApiError(err.data.code, err.data.message, res.status)
    throw new ApiError('HTTP', `The server answered ${res.status} ${res.statusText}.`.replace(/ \./, '.'), res.status)
  }
  const parsed = CreateRoomResponse.safeParse(json)
  if (!parsed.success) throw new ApiError('BAD_RESPONSE', 'The server sent an unexpected answer.', res.status)
  return parsed.data
}

/**
 * GET /api/rooms/:id/invite: which room and role an invite secret opens. Resolves null when the
 * server could not be asked (offline, an old server): the room connection will tell then.
 */
export async function checkInvite(roomId: string, token: string, fetchImpl: typeof fetch = fetch): Promise<InviteCheck | ApiError | null> {
  let res: Response
  try {
    res = await fetchImpl(`/api/rooms/${encodeURIComponent(roomId)}/invite`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } })
  } catch {
    return null
  }
  const json: unknown = await res.json().catch(() => null)
  const { InviteCheck, ErrorBody } = await schemas()
  if (res.ok) return InviteCheck.safeParse(json).data ?? null
  const err = ErrorBody.safeParse(json)
  return err.success && res.status >= 400 && res.status < 500 && res.status !== 429 ? new ApiError(err.data.code, err.data.message, res.status) : null
}

/**
 * DELETE /api/rooms/:id with the interviewer's secret and the room id repeated as confirmation.
 * Resolves when the room is gone; every failure becomes an ApiError whose message can be shown.
 */
export async function deleteRoom(roomId: string, token: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  let res: Response
  try {
    res = await fetchImpl(`/api/rooms/${encodeURIComponent(roomId)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ confirm: roomId }),
    })
  } catch {
    throw new ApiError('NETWORK', 'Could not reach the Nudge server; the room was not deleted. Check your connection and try again.', 0)
  }
  if (res.ok) return
  const json: unknown = await res.json().catch(() => null)
  const { ErrorBody } = await schemas()
  const err = ErrorBody.safeParse(json)
  if (err.success) throw new ApiError(err.data.code, err.data.message, res.status)
  throw new ApiError('HTTP', `The server answered ${res.status}; the room was not deleted.`, res.status)
}
