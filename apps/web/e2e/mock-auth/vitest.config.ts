import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The mock-auth browser test: its own web build (VITE_FORCE_MOCK_AUTH=true, in a temporary directory, so the normal
// apps/web/dist stays as the other browser tests expect it) and its own server with AUTH_MOCK=true in development mode.
// Run: npx vitest run --config apps/web/e2e/mock-auth/vitest.config.ts
export default defineConfig({
  root: fileURLToPath(new URL('../../../..', import.meta.url)),
  test: {
    include: ['apps/web/e2e/mock-auth/*.mock-e2e.ts'],
    globalSetup: ['apps/web/e2e/mock-auth/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
