import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSqliteStore } from './sqlite.ts'
import { storeContract } from './store.contract.ts'

storeContract('sqlite (file)', async () => createSqliteStore(join(mkdtempSync(join(tmpdir(), 'nudge-store-')), 'nudge.db')))
storeContract('sqlite (memory)', async () => createSqliteStore(':memory:'))
