import { Bank } from './model.ts'

/**
 * Where the story bank is kept. Today: the candidate's browser (IndexedDB), with an in-memory
 * fallback when IndexedDB is unavailable (private modes). A server-side store under a personal
 * link (cohorts) would implement the same two methods over HTTP and validate with the same Bank
 * schema, so nothing else would change.
 */
export interface StoryStore {
  /** The saved bank, or null if there is none yet. A stored value that fails validation is an error, never silently dropped. */
  load(): Promise<Bank | null>
  save(bank: Bank): Promise<void>
  /** Where the bank lives, in words the page can show. */
  readonly where: string
}

const DB = 'nudge-stories'
const STORE = 'bank'
const KEY = 'bank'

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result)
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'))
  })
}

function open(): Promise<IDBDatabase> {
  const r = indexedDB.open(DB, 1)
  r.onupgradeneeded = () => r.result.createObjectStore(STORE)
  return request(r)
}

export function indexedDbStore(): StoryStore {
  let db: Promise<IDBDatabase> | null = null
  const tx = async (mode: IDBTransactionMode) => (await (db ??= open())).transaction(STORE, mode).objectStore(STORE)
  return {
    where: 'this browser',
    async load() {
      const raw: unknown = await request((await tx('readonly')).get(KEY))
      if (raw === undefined) return null
      const parsed = Bank.safeParse(raw)
      if (!parsed.success) throw new Error('The saved story bank could not be read. Import a backup, or start again.')
      return parsed.data
    },
    async save(bank) {
      const store = await tx('readwrite')
      await request(store.put(bank, KEY))
    },
  }
}

export function memoryStore(initial: Bank | null = null): StoryStore {
  let bank = initial
  return {
    where: 'this tab only (this browser does not allow storage)',
    load: async () => bank,
    save: async (b) => {
      bank = b
    },
  }
}

/** IndexedDB when the browser allows it, else memory. */
export async function defaultStore(): Promise<StoryStore> {
  try {
    const store = indexedDbStore()
    await store.load()
    return store
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('The saved story bank')) throw err
    return memoryStore()
  }
}
