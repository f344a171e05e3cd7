import { useCallback, useEffect, useRef, useState } from 'react'
import { CommandError } from '../../realtime/socket.ts'

export function errorMessage(err: unknown): string {
  if (err instanceof CommandError) return err.body.message
  if (err instanceof Error) return err.message
  return 'Something went wrong. Try again.'
}

/**
 * Runs one command at a time for a control: `busy` while it is in flight, `error` with the
 * server's message if it was refused. Returns the result, or undefined when it failed.
 */
export function useAction() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true)
    setError(null)
    try {
      return await fn()
    } catch (err) {
      if (mounted.current) setError(errorMessage(err))
      return undefined
    } finally {
      if (mounted.current) setBusy(false)
    }
  }, [])
  const clear = useCallback(() => setError(null), [])
  return { busy, error, run, clear, setError }
}
