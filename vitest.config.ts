import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', root: './shared', include: ['src/**/*.test.ts'], typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' } } },
      { test: { name: 'server', root: './server', include: ['src/**/*.test.ts'], testTimeout: 20_000 } },
      { test: { name: 'client', root: './client', include: ['src/**/*.test.{ts,tsx}'] } },
      { test: { name: 'integration', root: './tests', include: ['integration/**/*.test.ts'], testTimeout: 90_000, hookTimeout: 60_000 } },
      // A whole interview in real browsers: files one at a time, and only after every other
      // project finished (groupOrder), so 2-core CI machines don't starve Chromium of CPU.
      {
        test: {
          name: 'e2e', root: './tests', include: ['e2e/**/*.test.ts'], testTimeout: 240_000, hookTimeout: 60_000,
          fileParallelism: false, sequence: { groupOrder: 1 },
        },
      },
    ],
  },
})
