/**
 * SSE benchmark (`npm run bench:sse`): not a test, a measurement.
 *
 * Scenario 1: one API process (embedded PGlite, in-process event bus) and BENCH_CLIENTS (default 1000)
 * concurrent, signed-in SSE clients on GET /api/events/stream.
 * Scenario 2 (when REDIS_URL is set and PostgreSQL is reachable): two API processes sharing PostgreSQL and
 * Redis pub/sub, BENCH_CLIENTS clients on each; every event is raised through instance A.
 *
 * Each API process is the real application (createApp + the events/jobs modules, real sign-in and access
 * control) started as a child process, plus two bench-only routes outside /api: POST /bench/publish raises a
 * `kpi.updated` event carrying its send time, GET /bench/stats reports RSS and CPU time. Reported: delivery
 * latency p50/p99/max over every client × event, server RSS per connection, server CPU while publishing.
 *
 * Options (environment): BENCH_CLIENTS (1000), BENCH_EVENTS (20), BENCH_INTERVAL_MS (250), BENCH_PORT (3350;
 * instance B uses +1), BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/sentia_bench_sse), REDIS_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';

const self = fileURLToPath(import.meta.url);
const clientsPerInstance = Number(process.env.BENCH_CLIENTS ?? 1000);
const eventCount = Number(process.env.BENCH_EVENTS ?? 20);
const intervalMs = Number(process.env.BENCH_INTERVAL_MS ?? 250);
const basePort = Number(process.env.BENCH_PORT ?? 3350);
const pgUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/sentia_bench_sse';
const redisUrl = process.env.REDIS_URL;
const email = 'bench-manager@bench.sentia.local';
const password = 'bench-password-123456';

interface Stats {
  rss: number;
  cpuMicros: number;
  connections: number;
  dropped: number;
}

async function serve(port: number) {
  const { createDb } = await import('../packages/db/src/create-db.ts');
  const { migrateDb } = await import('../packages/db/src/migrate-db.ts');
  const { seedReferenceData } = await import('../packages/db/src/reference/seed-reference-data.ts');
  const { hashPassword } = await import('../packages/db/src/password-hash.ts');
  const { users } = await import('../packages/db/src/schema.ts');
  const { createCache } = await import('../apps/server/src/cache/create-cache.ts');
  const { loadConfig } = await import('../apps/server/src/config.ts');
  const { createApp } = await import('../apps/server/src/http/create-app.ts');
  const { startBackgroundServices } = await import('../apps/server/src/jobs/start-background-services.ts');
  const dbUrl = process.env.BENCH_SERVE_DB_URL || undefined;
  const db = await createDb(dbUrl ? { databaseUrl: dbUrl } : {});
  await migrateDb(db);
  await seedReferenceData(db);
  await db.db.insert(users).values({ email, name: 'Bench manager', role: 'MANAGER', passwordHash: await hashPassword(password) }).onConflictDoNothing();
  const config = { ...loadConfig({ LOG_LEVEL: 'warn', NODE_ENV: 'test', DEMO_DATA: 'false', RATE_LIMIT_PER_MINUTE: '10000000', AUTH_RATE_LIMIT_PER_MINUTE: '10000000', REDIS_URL: process.env.BENCH_SERVE_REDIS_URL ?? '' }), databaseUrl: dbUrl };
  const logger = { info: () => undefined, warn: (o: object, m: string) => console.error(m, o), error: (o: object, m: string) => console.error(m, o) };
  const cache = await createCache({ ttlSeconds: 60, redisUrl: config.redisUrl, namespace: `${process.env.BENCH_CHANNEL}:cache` });
  const background = await startBackgroundServices({ config, db, cache, logger, role: 'api', channel: `${process.env.BENCH_CHANNEL}:events`, prefix: process.env.BENCH_CHANNEL! });
  const benchModule = {
    name: 'bench',
    register: (app: FastifyInstance) => {
      app.post('/bench/publish', async () => {
        const event = await background.bus.publish('kpi.updated', { reason: `bench:${Date.now()}` });
        return { seq: event.seq };
      });
      app.get('/bench/stats', async (): Promise<Stats> => {
        const cpu = process.cpuUsage();
        const hub = background.hub!.stats();
        return { rss: process.memoryUsage().rss, cpuMicros: cpu.user + cpu.system, connections: hub.connections, dropped: hub.dropped };
      });
    },
  };
  const app = await createApp({ config, db, cache, sessionSecret: process.env.BENCH_SECRET!, webDistDir: null, modules: [...background.modules, benchModule] });
  await app.listen({ port, host: '127.0.0.1' });
  console.log('ready');
}

function startServer(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', self, '--serve', String(port)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`bench server on ${port} exited with ${code}`)));
  });
}

async function signInCookie(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sentia_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}

const stats = async (base: string): Promise<Stats> => (await fetch(`${base}/bench/stats`)).json() as Promise<Stats>;

/** Opens one SSE client; calls `onEvent` with the latency of each bench event. Resolves once the stream is ready. */
function openClient(port: number, cookie: string, onEvent: (latencyMs: number) => void): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/events/stream?types=kpi.', headers: { cookie, accept: 'text/event-stream' }, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.includes('event: ready')) resolve(req);
          const match = /"reason":"bench:(\d+)"/.exec(block);
          if (match) onEvent(Date.now() - Number(match[1]));
        }
      });
    });
    req.on('error', reject);
  });
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

async function scenario(label: string, ports: number[], env: Record<string, string>) {
  const children: ChildProcess[] = [];
  const requests: http.ClientRequest[] = [];
  try {
    for (const port of ports) children.push(await startServer(port, env));
    const bases = ports.map((p) => `http://127.0.0.1:${p}`);
    const before = await Promise.all(bases.map(stats));
    const latencies: number[] = [];
    const connectStart = performance.now();
    for (const [i, port] of ports.entries()) {
      const cookie = await signInCookie(bases[i]!);
      // Open in batches so the accept queue is not the thing being measured.
      for (let n = 0; n < clientsPerInstance; n += 100) {
        const batch = Array.from({ length: Math.min(100, clientsPerInstance - n) }, () => openClient(port, cookie, (ms) => latencies.push(ms)));
        requests.push(...(await Promise.all(batch)));
      }
    }
    const connectSeconds = (performance.now() - connectStart) / 1000;
    await new Promise((r) => setTimeout(r, 1000));
    const connected = await Promise.all(bases.map(stats));
    const publishStart = performance.now();
    for (let e = 0; e < eventCount; e += 1) {
      await fetch(`${bases[0]}/bench/publish`, { method: 'POST' });
      await new Promise((r) => setTimeout(r, intervalMs));
    }
    const expected = eventCount * clientsPerInstance * ports.length;
    const deadline = Date.now() + 10_000;
    while (latencies.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const publishSeconds = (performance.now() - publishStart) / 1000;
    const after = await Promise.all(bases.map(stats));
    console.log(`\n## ${label}`);
    console.log(`clients: ${clientsPerInstance * ports.length} (${ports.length} instance${ports.length > 1 ? 's' : ''}), connected in ${connectSeconds.toFixed(1)} s; events: ${eventCount} every ${intervalMs} ms`);
    console.log(`delivered: ${latencies.length} / ${expected}; dropped by server: ${after.reduce((n, s) => n + s.dropped, 0)}`);
    console.log(`delivery latency: p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${Math.max(...latencies)} ms`);
    for (const [i] of ports.entries()) {
      const perConnection = (connected[i]!.rss - before[i]!.rss) / clientsPerInstance;
      const cpuPct = ((after[i]!.cpuMicros - connected[i]!.cpuMicros) / 1e6 / publishSeconds) * 100;
      console.log(
        `instance ${String.fromCharCode(65 + i)}: RSS ${(before[i]!.rss / 1048576).toFixed(0)} MB idle → ${(connected[i]!.rss / 1048576).toFixed(0)} MB with ${connected[i]!.connections} streams (${(perConnection / 1024).toFixed(1)} KB per connection); CPU while publishing ${cpuPct.toFixed(1)} % of one core`,
      );
    }
  } finally {
    for (const r of requests) r.destroy();
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
  }
}

async function ensureDatabase(url: string): Promise<boolean> {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`create database "${name.replaceAll('"', '""')}"`);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

if (process.argv[2] === '--serve') {
  await serve(Number(process.argv[3]));
} else {
  const secret = randomBytes(32).toString('hex');
  await scenario('one instance, embedded database, in-process bus', [basePort], { BENCH_SECRET: secret, BENCH_SERVE_DB_URL: '', BENCH_SERVE_REDIS_URL: '', BENCH_CHANNEL: 'bench-local' });
  if (redisUrl && (await ensureDatabase(pgUrl))) {
    const namespace = `bench-${randomUUID().slice(0, 8)}`;
    try {
      await scenario('two instances, PostgreSQL + Redis pub/sub, events raised on A', [basePort, basePort + 1], {
        BENCH_SECRET: secret,
        BENCH_SERVE_DB_URL: pgUrl,
        BENCH_SERVE_REDIS_URL: redisUrl,
        BENCH_CHANNEL: namespace,
      });
    } finally {
      const { deleteRedisKeys } = await import('../apps/server/src/jobs/testing/delete-redis-keys.ts');
      await deleteRedisKeys(redisUrl, `${namespace}:`);
    }
  } else {
    console.log('\n(two-instance scenario skipped: needs REDIS_URL and a reachable PostgreSQL at BENCH_PG_URL)');
  }
  process.exit(0);
}
