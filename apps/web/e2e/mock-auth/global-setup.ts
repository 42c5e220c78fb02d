import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import startServer from '../global-setup.ts';

const webRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Builds the web app with the role picker into a temporary directory, then starts the usual test server on it with mock auth. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outDir = mkdtempSync(join(tmpdir(), 'sentia-web-mock-'));
  execFileSync(process.execPath, [join(webRoot, '../../node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: webRoot,
    env: { ...process.env, VITE_FORCE_MOCK_AUTH: 'true' },
    stdio: 'inherit',
  });
  Object.assign(process.env, { E2E_NODE_ENV: 'development', AUTH_MOCK: 'true', WEB_DIST_DIR: outDir });
  const stop = await startServer(project);
  return async () => {
    await stop();
    rmSync(outDir, { recursive: true, force: true });
  };
}
