import { describe, expect, it } from 'vitest'
import { PublicSite } from './public-site.ts'

describe('PublicSite', () => {
  it('without PUBLIC_URL: the loopback names of the bound port, learnt on listen', () => {
    const site = new PublicSite({ port: 0, allowedOrigins: [] })
    site.bound(4321)
    expect(site.url).toBe('http://localhost:4321')
    for (const o of ['http://localhost:4321', 'http://127.0.0.1:4321', 'http://[::1]:4321']) expect(site.allows(o)).toBe(true)
    expect(site.allows('http://localhost:0')).toBe(false)
    expect(site.allows('http://localhost:4322')).toBe(false)
  })

  it('with PUBLIC_URL: its origin and the listed ones only; the bound port changes nothing', () => {
    const site = new PublicSite({ publicUrl: 'https://nudge.example.org/', port: 3000, allowedOrigins: ['https://Staging.example.org:443/'] })
    site.bound(5555)
    expect(site.url).toBe('https://nudge.example.org')
    expect(site.allows('https://nudge.example.org')).toBe(true)
    expect(site.allows('https://staging.example.org')).toBe(true)
    expect(site.allows('http://nudge.example.org')).toBe(false)
    expect(site.allows('http://localhost:5555')).toBe(false)
    expect(site.allows('null')).toBe(false)
    // No Origin header: not a browser (curl, API clients), left to authentication.
    expect(site.allows(undefined)).toBe(true)
  })
})
