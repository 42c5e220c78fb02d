import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** First port in this team's range (3200–3299) that nothing listens on. */
async function findFreePort(first = 3250, last = 3299): Promise<number> {
  for (let port = first; port <= last; port += 1) {
    const isFree = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (isFree) return port;
  }
  throw new Error(`No free port between ${first} and ${last}`);
}

async function waitForReady(baseUrl: string, server: ChildProcess, output: () => string, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited with code ${server.exitCode} before it was ready:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/ready`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The server was not ready within ${timeoutMs / 1000}s:\n${output()}`);
}

/** A database of its own on the given PostgreSQL server, so runs never share state. */
async function createDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const { default: pg } = await import('pg');
  const name = `sentia_e2e_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Starts the real server (built web app included) on a free port with fresh storage: a temporary
 * PGlite DATA_DIR, or a new database when DATABASE_URL is set. Tests read the URL with inject('baseUrl').
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = await findFreePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'sentia-e2e-'));
  const database = process.env.DATABASE_URL ? await createDatabase(process.env.DATABASE_URL) : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The mock-auth run (e2e/mock-auth) needs development mode: the server refuses AUTH_MOCK in production.
    NODE_ENV: process.env.E2E_NODE_ENV ?? 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DATABASE_URL: database?.url ?? '',
    // Production mode insists on an explicit secret with a shared database; a throwaway one suits a test run.
    SESSION_SECRET: process.env.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    // The tests compare what the page shows with what the API answers; the demo's simulated orders would
    // move both under them every 20 s. Live updates are covered by the server's event and SSE tests.
    DEMO_LIVE_ORDERS: 'false',
    // The start-up forecast run would compete with the tests for the two cores; the forecasting test runs its own.
    DEMO_FORECAST_ON_START: 'false',
    // Production mode stores connection credentials only with an explicit key (the live-update tests add a store).
    INTEGRATIONS_SECRET_KEY: process.env.INTEGRATIONS_SECRET_KEY ?? randomBytes(32).toString('base64'),
    // Every test signs in from 127.0.0.1 and several share one demo account: the spec's 20 sign-ins a minute per IP
    // and 100 requests a minute per user would throttle the suite. The limits have their own server tests.
    RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
  };
  let output = '';
  const server = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  server.stdout?.on('data', collect);
  server.stderr?.on('data', collect);

  const baseUrl = `http://127.0.0.1:${port}`;
  let worker: ChildProcess | undefined;
  const stop = async (child: ChildProcess) => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const teardown = async () => {
    if (worker) await stop(worker);
    await stop(server);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForReady(baseUrl, server, () => output);
    // With Redis the API process only enqueues (BullMQ): jobs run in a worker, as `npm run worker` runs them.
    if (env.REDIS_URL) {
      worker = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/worker.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      worker.stdout?.on('data', collect);
      worker.stderr?.on('data', collect);
    }
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide('baseUrl', baseUrl);
  return teardown;
}
