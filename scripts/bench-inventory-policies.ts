/**
 * Latency of the inventory policy table (`GET /api/inventory/policies`, spec: p95 ≤ 200 ms): not a test, a
 * measurement. For each database it starts the real server on a fresh demo data folder, waits until the start-up
 * weekly forecast of every SKU has finished (so the policy reads forecasts, as in use), signs in as the manager and
 * requests the table BENCH_REQUESTS times one after another (plus 3 warm-up requests), printing p50/p95/max and how
 * many product rows read a forecast.
 *
 * Run: `npx tsx scripts/bench-inventory-policies.ts`. Environment: BENCH_DB=pglite|postgres|both (default both),
 * BENCH_REQUESTS (default 40), BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/sentia_bench_policies; dropped
 * and re-created), BENCH_PORT (default 3131).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const requests = Number(process.env.BENCH_REQUESTS ?? 40);
const port = Number(process.env.BENCH_PORT ?? 3131);
const pgUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/sentia_bench_policies';
const which = process.env.BENCH_DB ?? 'both';
const base = `http://127.0.0.1:${port}`;

async function waitUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: not after ${timeoutMs} ms`);
}

async function recreateDatabase(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const name = new URL(url).pathname.replace(/^\//, '');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
    await client.query(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function bench(kind: 'pglite' | 'postgres'): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), `sentia-bench-policies-${kind}-`));
  if (kind === 'postgres') await recreateDatabase(pgUrl);
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret',
    DEMO_DATA: 'true',
    DATABASE_URL: kind === 'postgres' ? pgUrl : '',
    REDIS_URL: '',
  };
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await waitUntil('/ready', 600_000, async () => ((await fetch(`${base}/ready`)).ok ? true : undefined));
    const { demoAccounts } = await import('@sentia/db/demo/demo-accounts');
    const manager = demoAccounts.find((a) => a.role === 'MANAGER')!;
    const signIn = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: manager.email, password: manager.password }) });
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const headers = { cookie: signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
    // the start-up weekly run of every SKU (DEMO_FORECAST_ON_START) must have finished
    const skus = await waitUntil('weekly SKU forecasts', 600_000, async () => {
      const list = (await (await fetch(`${base}/api/forecasts/series?granularity=week`, { headers })).json()) as { series: { level: string; latestRunId: string | null }[] };
      const sku = list.series.filter((s) => s.level === 'sku');
      return sku.length > 0 && sku.every((s) => s.latestRunId) ? sku.length : undefined;
    });
    const times: number[] = [];
    let forecastRows = 0;
    let productRows = 0;
    for (let i = 0; i < requests + 3; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/inventory/policies`, { headers });
      const body = (await res.json()) as { rows: { kind: string; demandSource: string }[] };
      const ms = performance.now() - t0;
      if (!res.ok) throw new Error(`policies: ${res.status}`);
      if (i >= 3) times.push(ms);
      productRows = body.rows.filter((r) => r.kind === 'product').length;
      forecastRows = body.rows.filter((r) => r.kind === 'product' && r.demandSource === 'forecast_run').length;
    }
    times.sort((a, b) => a - b);
    console.log(
      `${kind.padEnd(8)} GET /api/inventory/policies × ${requests}: p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms` +
        ` (${forecastRows}/${productRows} product rows from the weekly forecasts of ${skus} SKUs)`,
    );
  } finally {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

for (const kind of ['pglite', 'postgres'] as const) if (which === 'both' || which === kind) await bench(kind);
