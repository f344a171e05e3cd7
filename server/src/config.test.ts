import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('starts with defaults on an empty environment', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ port: 3000, host: '0.0.0.0', dataDir: './data', publicUrl: 'http://localhost:3000', logLevel: 'info' })
    expect(c.databaseUrl).toBeUndefined()
    expect(c.redisUrl).toBeUndefined()
  })

  it('reads explicit values and trims a trailing slash from PUBLIC_URL', () => {
    const c = loadConfig({ PORT: '8080', PUBLIC_URL: 'https://nudge.example.org/', LOG_LEVEL: 'debug', DATA_DIR: '/var/lib/nudge' })
    expect(c).toMatchObject({ port: 8080, publicUrl: 'https://nudge.example.org', logLevel: 'debug', dataDir: '/var/lib/nudge' })
  })

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', PUBLIC_URL: '' }).port).toBe(3000)
  })

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ TICKET_SECRET: 'short' }, 'TICKET_SECRET'],
    [{ REDIS_PREFIX: 'has space' }, 'REDIS_PREFIX'],
    [{ PERSIST_MAX_PENDING_BYTES: '10' }, 'PERSIST_MAX_PENDING_BYTES'],
    [{ ALLOWED_ORIGINS: 'nudge.example.org' }, 'ALLOWED_ORIGINS'],
    [{ ALLOWED_ORIGINS: 'https://a.example, javascript:alert(1)' }, 'ALLOWED_ORIGINS'],
  ])('rejects %o with a readable message naming %s', (env, key) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(new RegExp(`Invalid configuration:[\\s\\S]*${key}`))
  })
})
