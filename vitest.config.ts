import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One runner for every workspace. Browser (e2e) tests have their own config because they need
// the built web app and a running server.
export default defineConfig({
  // The web app's `@/` path alias (tsconfig paths, mirrored in apps/web/vite.config.ts).
  resolve: { alias: { '@': fileURLToPath(new URL('./apps/web/src', import.meta.url)) } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'apps/web/src/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', 'apps/web/e2e/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
