import { randomBytes } from 'node:crypto'

/** Ids for hints, notes, ledger items: 72 random bits, URL-safe. */
export const newId = (): string => randomBytes(9).toString('base64url')
