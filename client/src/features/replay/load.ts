import type { ReplayDocInfo, ReplayMeta } from '@nudge/shared'
import { DocHistory } from './engine.ts'

export interface LoadedReplay {
  meta: ReplayMeta
  code: DocHistory
  board: DocHistory | null
}

export interface Progress {
  loaded: number
  total: number
}

export class ReplayLoadError extends Error {
  constructor(message: string, readonly status: number) {
    super(message)
    this.name = 'ReplayLoadError'
  }
}

/** Updates applied between yields to the event loop: a huge round never freezes the page. */
const SLICE = 500

const fromB64 = (s: string): Uint8Array => {
  const bin = atob(s)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

const yieldToPage = () => new Promise<void>((r) => setTimeout(r, 0))

async function getJson(url: string, token: string, signal: AbortSignal): Promise<unknown> {
  let res: Response
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal })
  } catch (err) {
    if (signal.aborted) throw err
    throw new ReplayLoadError('Could not reach the Nudge server. Check your connection and try again.', 0)
  }
  const json: unknown = await res.json().catch(() => null)
  if (!res.ok) {
    const message = (json as { message?: unknown } | null)?.message
    throw new ReplayLoadError(typeof message === 'string' ? message : `The server answered ${res.status}.`, res.status)
  }
  return json
}

/**
 * Loads a round's replay: the timeline first, then each document's updates page by page, applied
 * as they arrive (keyframes are kept along the way) with `onProgress` after each slice.
 */
export async function loadReplay(
  roomId: string, round: number, token: string, t: string | null,
  onProgress: (p: Progress) => void, signal: AbortSignal,
): Promise<LoadedReplay> {
  const { ReplayMeta, ReplayPage } = await import('@nudge/shared')
  const base = `/api/rooms/${encodeURIComponent(roomId)}/rounds/${round}/replay`
  const parsed = ReplayMeta.safeParse(await getJson(`${base}${t ? `?t=${encodeURIComponent(t)}` : ''}`, token, signal))
  if (!parsed.success) throw new ReplayLoadError('The server sent an unexpected replay.', 200)
  const meta = parsed.data
  const total = meta.code.updates + (meta.board?.updates ?? 0)
  let loaded = 0
  onProgress({ loaded, total })
  const load = async (doc: 'code' | 'board', info: ReplayDocInfo): Promise<DocHistory> => {
    const history = new DocHistory(info.base ? fromB64(info.base) : null)
    let after: number | null = info.updates > 0 ? info.after : null
    while (after !== null) {
      const page = ReplayPage.safeParse(await getJson(`${base}/updates?doc=${doc}&after=${after}`, token, signal))
      if (!page.success) throw new ReplayLoadError('The server sent an unexpected page of updates.', 200)
      const ups = page.data.updates
      for (let i = 0; i < ups.length; i += SLICE) {
        history.append(ups.slice(i, i + SLICE).map((u) => ({ at: u.at, author: u.author, data: fromB64(u.data) })))
        loaded += Math.min(SLICE, ups.length - i)
        onProgress({ loaded, total })
        await yieldToPage()
        if (signal.aborted) throw new DOMException('aborted', 'AbortError')
      }
      after = page.data.next
    }
    return history
  }
  const code = await load('code', meta.code)
  const board = meta.board ? await load('board', meta.board) : null
  return { meta, code, board }
}
