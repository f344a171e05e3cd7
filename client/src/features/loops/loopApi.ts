import { ErrorBody, type CreateLoopBody, type CreateLoopResponse, type LoopDecisionInput, type LoopPacket, type LoopView, type ReviewCommentInput, type ReviewComments, type RoomLoop, type QuestionSummary, type TakeHomeSubmission } from '@nudge/shared'
import { ApiError } from '../../lib/api.ts'

/** Calls the loop API (with a loop link's secret as bearer token); every failure is an ApiError whose message can be shown. */
async function call<T>(method: string, path: string, key?: string, json?: unknown): Promise<T> {
  let res: Response
  try {
    res = await fetch(path, {
      method,
      headers: { accept: 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: json !== undefined ? JSON.stringify(json) : undefined,
    })
  } catch {
    throw new ApiError('NETWORK', 'Could not reach the Nudge server. Check your connection and try again.', 0)
  }
  if (res.status === 204) return null as T
  const body: unknown = await res.json().catch(() => null)
  if (!res.ok) {
    const err = ErrorBody.safeParse(body)
    if (err.success) throw new ApiError(err.data.code, err.data.message, res.status)
    throw new ApiError('HTTP', `The server answered ${res.status}.`, res.status)
  }
  return body as T
}

export const createLoop = (body: CreateLoopBody) => call<CreateLoopResponse>('POST', '/api/loops', undefined, body)
export const listQuestions = () => call<QuestionSummary[]>('GET', '/api/questions')

export const loopApi = (id: string, key: string) => ({
  view: () => call<LoopView>('GET', `/api/loops/${encodeURIComponent(id)}`, key),
  submit: (n: number) => call<TakeHomeSubmission>('POST', `/api/loops/${encodeURIComponent(id)}/stages/${n}/submit`, key),
  submission: (n: number) => call<TakeHomeSubmission>('GET', `/api/loops/${encodeURIComponent(id)}/stages/${n}/submission`, key),
  decide: (n: number, body: LoopDecisionInput) => call<unknown>('POST', `/api/loops/${encodeURIComponent(id)}/stages/${n}/decision`, key, body),
  comments: (n: number) => call<ReviewComments>('GET', `/api/loops/${encodeURIComponent(id)}/stages/${n}/comments`, key),
  addComment: (n: number, body: ReviewCommentInput) => call<ReviewComments>('POST', `/api/loops/${encodeURIComponent(id)}/stages/${n}/comments`, key, body),
  removeComment: (n: number, cid: string) => call<ReviewComments>('DELETE', `/api/loops/${encodeURIComponent(id)}/stages/${n}/comments/${encodeURIComponent(cid)}`, key),
  publishComments: (n: number) => call<ReviewComments>('POST', `/api/loops/${encodeURIComponent(id)}/stages/${n}/comments/publish`, key),
  packet: () => call<LoopPacket>('GET', `/api/loops/${encodeURIComponent(id)}/packet`, key),
  sharePacket: () => call<null>('POST', `/api/loops/${encodeURIComponent(id)}/packet/share`, key),
  close: () => call<null>('POST', `/api/loops/${encodeURIComponent(id)}/close`, key),
})

/** A stage room's loop, with the room's own invite secret (the room's loop banner). */
export const roomLoopApi = (roomId: string, token: string) => ({
  get: () => call<RoomLoop>('GET', `/api/rooms/${encodeURIComponent(roomId)}/loop`, token),
  submit: () => call<TakeHomeSubmission>('POST', `/api/rooms/${encodeURIComponent(roomId)}/loop/submit`, token),
  /** The review room's interviewer: comment on a selection, remove a comment, publish them. */
  comment: (body: ReviewCommentInput) => call<ReviewComments>('POST', `/api/rooms/${encodeURIComponent(roomId)}/loop/comments`, token, body),
  removeComment: (cid: string) => call<ReviewComments>('DELETE', `/api/rooms/${encodeURIComponent(roomId)}/loop/comments/${encodeURIComponent(cid)}`, token),
  publish: () => call<ReviewComments>('POST', `/api/rooms/${encodeURIComponent(roomId)}/loop/comments/publish`, token),
})
