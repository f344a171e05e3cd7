import { useCallback, useEffect, useRef, useState } from 'react'
import { emptyBank, type Bank } from './model.ts'
import { defaultStore, type StoryStore } from './storage.ts'

export type BankState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; bank: Bank; where: string; saving: boolean }

/**
 * The story bank for a page: loaded once, saved after every change (the last change wins; writes
 * are queued so an older save never lands after a newer one). With `refreshOnFocus` (the room,
 * which only reads it) it is read again when the tab regains focus, so stories written in the
 * /stories tab meanwhile show up.
 */
export function useStoryBank({ refreshOnFocus = false } = {}) {
  const [state, setState] = useState<BankState>({ status: 'loading' })
  const store = useRef<StoryStore | null>(null)
  const queue = useRef<Promise<void>>(Promise.resolve())
  useEffect(() => {
    let stale = false
    defaultStore()
      .then(async (s) => {
        store.current = s
        const bank = (await s.load()) ?? emptyBank()
        if (!stale) setState({ status: 'ready', bank, where: s.where, saving: false })
      })
      .catch((err: unknown) => !stale && setState({ status: 'error', message: err instanceof Error ? err.message : String(err) }))
    return () => {
      stale = true
    }
  }, [])
  useEffect(() => {
    if (!refreshOnFocus) return
    const onFocus = () => {
      store.current?.load().then(
        (bank) => bank && setState((s) => (s.status === 'ready' && !s.saving ? { ...s, bank } : s)),
        () => {},
      )
    }
    window.addEventListener('focus', onFocus)
    return () => window.removeEventListener('focus', onFocus)
  }, [refreshOnFocus])
  const update = useCallback((next: Bank) => {
    setState((s) => (s.status === 'ready' ? { ...s, bank: next, saving: true } : s))
    queue.current = queue.current
      .then(() => store.current?.save(next))
      .then(() => setState((s) => (s.status === 'ready' && s.bank === next ? { ...s, saving: false } : s)))
      .catch((err: unknown) => setState({ status: 'error', message: `Saving failed: ${err instanceof Error ? err.message : String(err)}` }))
  }, [])
  return { state, update }
}
