/**
 * API load benchmark (`npm run bench:api`): not a test, a measurement.
 *
 * For each database (PGlite and PostgreSQL) it starts the REAL server (`apps/server/src/main.ts`) as a child
 * process with the demo data, records the cold start until /ready answers, signs in, and drives the KPI
 * endpoints with autocannon at 1000 concurrent connections. In the same run it starts a bare Fastify process
 * serving the same JSON body (no plugins, no auth, no database) as the ceiling, warms every target up for 3 s at
 * 50 connections (not measured), and prints p50/p95/p99 latency, requests per second and the throughput ratio
 * to the bare route.
 *
 * Options (environment): BENCH_DB=pglite|postgres|both (default both), BENCH_SECONDS (default 10),
 * BENCH_CONNECTIONS (default 1000), BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/sentia_bench; the
 * database is created when missing), BENCH_PORT (default 3101; the bare server uses BENCH_PORT + 1).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
}
type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, result: AutocannonResult) => void) => AutocannonInstance;
const autocannon = require('autocannon') as Autocannon;

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 1000);
const basePort = Number(process.env.BENCH_PORT ?? 3101);
const pgUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/sentia_bench';
const which = process.env.BENCH_DB ?? 'both';

/** `--bare <port>`: the ceiling server, started by the benchmark itself in a child process. */
async function runBareServer(port: number): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const body = process.env.BARE_BODY ?? '{}';
  const app = Fastify();
  app.get('/bare', async (_req, reply) => reply.type('application/json; charset=utf-8').send(body));
  await app.listen({ port, host: '127.0.0.1' });
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

function startProcess(args: string[], env: Record<string, string>, label: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[${label}] ${d}`));
  child.stdout?.resume();
  return child;
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

interface Measured {
  name: string;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  non2xx: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function load(name: string, url: string, headers: Record<string, string>, opts: { connections: number; seconds: number } = { connections, seconds }): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    const instance = autocannon({ url, connections: opts.connections, duration: opts.seconds, headers, timeout: 30 }, (err, result) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      resolve({ name, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), rps: result.requests.total / (result.duration || seconds), non2xx: result.non2xx, errors: result.errors + result.timeouts });
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

async function ensurePostgresDatabase(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const target = new URL(url);
  const name = target.pathname.replace(/^\//, '');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1).padStart(8) : '     n/a');

async function benchDatabase(kind: 'pglite' | 'postgres'): Promise<void> {
  const port = basePort;
  const dataDir = join(root, 'data', `bench-${kind}`);
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    NODE_ENV: 'production',
    // Request logging at 1000 connections costs a core by itself; the server's default level is info.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    RATE_LIMIT_PER_MINUTE: '100000000',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret',
    DEMO_DATA: 'true',
    DATABASE_URL: '',
    REDIS_URL: '',
  };
  if (kind === 'postgres') {
    await ensurePostgresDatabase(pgUrl);
    env.DATABASE_URL = pgUrl;
  }
  mkdirSync(dataDir, { recursive: true });

  console.log(`\n=== ${kind} ===`);
  let server = startProcess(['apps/server/src/main.ts'], env, `server:${kind}`);
  const firstStartMs = await waitFor(`http://127.0.0.1:${port}/ready`, server, 600_000);
  console.log(`start to /ready (first start on this data, includes any demo generation): ${firstStartMs.toFixed(0)} ms`);
  await stop(server);
  server = startProcess(['apps/server/src/main.ts'], env, `server:${kind}`);
  const warmStartMs = await waitFor(`http://127.0.0.1:${port}/ready`, server, 120_000);
  console.log(`start to /ready (restart, data present):                                  ${warmStartMs.toFixed(0)} ms`);

  let bare: ChildProcess | undefined;
  try {
    const { demoAccounts } = await import('@sentia/db/demo/demo-accounts');
    const viewer = demoAccounts.find((a) => a.role === 'VIEWER') ?? demoAccounts[0]!;
    const signIn = await fetch(`http://127.0.0.1:${port}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: viewer.email, password: viewer.password }) });
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const headers = { cookie };

    const meta = (await (await fetch(`http://127.0.0.1:${port}/api/meta`, { headers })).json()) as { dataRange: { from: string; to: string } | null };
    const to = meta.dataRange?.to ?? new Date().toISOString().slice(0, 10);
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10);
    const q = `from=${from}&to=${to}`;
    const targets = [
      { name: 'GET /api/kpis/summary (90 days)', path: `/api/kpis/summary?${q}` },
      { name: 'GET /api/kpis/trend (90 days, daily)', path: `/api/kpis/trend?${q}&granularity=day` },
      { name: 'GET /api/kpis/breakdown (sku)', path: `/api/kpis/breakdown?${q}&dimension=sku` },
    ];
    for (const t of targets) {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}${t.path}`, { headers });
      if (!res.ok) throw new Error(`${t.path}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      console.log(`first (uncached) ${t.name}: ${(performance.now() - t0).toFixed(0)} ms`);
    }
    const body = await (await fetch(`http://127.0.0.1:${port}${targets[0]!.path}`, { headers })).text();

    bare = startProcess([fileURLToPath(import.meta.url), '--bare', String(port + 1)], { BARE_BODY: body }, 'bare');
    await waitFor(`http://127.0.0.1:${port + 1}/bare`, bare, 30_000);

    // Warm-up, not measured: lets V8 optimise the hot paths of each process before the 1000-connection run,
    // so the numbers describe the steady state rather than JIT compilation under load.
    const warm = { connections: 50, seconds: 3 };
    await load('warm-up', `http://127.0.0.1:${port + 1}/bare`, {}, warm);
    for (const t of targets) await load('warm-up', `http://127.0.0.1:${port}${t.path}`, headers, warm);

    const results: Measured[] = [];
    results.push(await load('bare Fastify, same JSON', `http://127.0.0.1:${port + 1}/bare`, {}));
    for (const t of targets) results.push(await load(t.name, `http://127.0.0.1:${port}${t.path}`, headers));

    const bareRps = results[0]!.rps;
    console.log(`\n${connections} connections, ${seconds} s each, ${kind}; latency in ms`);
    console.log(`${'endpoint'.padEnd(40)}      p50      p95      p99     req/s   ratio  non-2xx  errors`);
    for (const r of results) {
      console.log(`${r.name.padEnd(40)} ${fmt(r.p50)} ${fmt(r.p95)} ${fmt(r.p99)} ${r.rps.toFixed(0).padStart(9)} ${(r.rps / bareRps).toFixed(2).padStart(7)} ${String(r.non2xx).padStart(8)} ${String(r.errors).padStart(7)}`);
    }
    const worstP95 = Math.max(...results.slice(1).map((r) => r.p95));
    console.log(`KPI endpoints worst p95: ${worstP95.toFixed(1)} ms (target < 200 ms): ${worstP95 < 200 ? 'MET' : 'NOT MET'}`);
  } finally {
    if (bare) await stop(bare);
    await stop(server);
  }
}

async function main(): Promise<void> {
  const bareIndex = process.argv.indexOf('--bare');
  if (bareIndex >= 0) return runBareServer(Number(process.argv[bareIndex + 1]));
  if (process.argv.includes('--fresh')) {
    for (const kind of ['pglite', 'postgres']) rmSync(join(root, 'data', `bench-${kind}`), { recursive: true, force: true });
  }
  const kinds = which === 'both' ? (['pglite', 'postgres'] as const) : [which as 'pglite' | 'postgres'];
  for (const kind of kinds) await benchDatabase(kind);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
