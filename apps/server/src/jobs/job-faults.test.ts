import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DbHandle } from '@sentia/db/create-db';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import { createEventBus, type EventBus } from '../events/create-event-bus.ts';
import type { StoredEvent } from '../events/event-store.ts';
import { readSse } from '../events/read-sse.ts';
import { createSseHub } from '../events/sse-hub.ts';
import { createBullmqJobProvider } from './bullmq-provider.ts';
import { createJobProvider } from './create-job-provider.ts';
import { defineJob } from './job-definition.ts';
import { publishJobEvents } from './publish-job-events.ts';
import { deleteRedisKeys } from './testing/delete-redis-keys.ts';

const waitFor = async <T,>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('when a handler keeps throwing', () => {
  let handle: DbHandle;
  let bus: EventBus;
  beforeAll(async () => {
    handle = await createTestDb();
    bus = await createEventBus({ db: handle.db });
  });
  afterAll(async () => {
    await bus?.close();
    await handle?.close();
  });

  it('then it is retried with backoff, dead-lettered with its error, and an alert event is raised', async () => {
    const events: StoredEvent[] = [];
    bus.subscribe((e) => events.push(e));
    const job = defineJob({
      name: 'sync.flaky-source',
      payloadSchema: z.object({ source: z.string() }),
      retry: { retries: 2, baseDelayMs: 40, maxDelayMs: 200 },
      handler: async () => {
        throw new Error('Shopify answered 502');
      },
    });
    const prefix = `faults-${randomUUID().slice(0, 8)}`;
    const provider = createJobProvider({ db: handle, redisUrl: process.env.REDIS_URL, definitions: [job], bus, prefix });
    await provider.startWorkers();
    try {
      const { id } = await provider.enqueue(job, { source: 'shopify-uk' });
      const alert = await waitFor(() => events.find((e) => e.type === 'alert.raised'));
      expect(alert.roles).toEqual(['ADMIN', 'MANAGER']);
      expect(alert.data).toMatchObject({ severity: 'high', source: 'jobs', title: 'Job sync.flaky-source failed after 3 attempts' });
      expect((alert.data as { message: string }).message).toContain('Shopify answered 502');
      const updates = events.filter((e) => e.type === 'job.updated' && (e.data as { jobId: string }).jobId === id).map((e) => (e.data as { state: string }).state);
      expect(updates.filter((s) => s === 'delayed')).toHaveLength(2);
      expect(updates.at(-1)).toBe('dead-lettered');
      expect(events.find((e) => e.type === 'job.updated')?.roles).toEqual(['ADMIN']);
      const overview = await provider.overview();
      expect(overview.deadLetters.find((d) => d.jobId === id)).toMatchObject({ attempts: 3, error: expect.stringContaining('Shopify answered 502') });
    } finally {
      await provider.close({ graceMs: 200 });
      if (process.env.REDIS_URL) await deleteRedisKeys(process.env.REDIS_URL, `${prefix}:`);
    }
  });
});

const fixture = fileURLToPath(new URL('./testing/embedded-worker.fixture.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

describe('when the process running the embedded provider is killed', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sentia-kill-'));
  });
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (enqueue: number) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, path.join(dir, 'data'), path.join(dir, 'done.log'), String(enqueue)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`fixture exited (${code}) before ready: ${stderr}`)));
    });
    return { child, ready };
  };
  const done = () => (existsSync(path.join(dir, 'done.log')) ? readFileSync(path.join(dir, 'done.log'), 'utf8').trim().split('\n').filter(Boolean) : []);

  it('then after a restart the queued jobs (and the one it was running) all run, each once', async () => {
    const first = start(6);
    await first.ready;
    await waitFor(() => done().length >= 2, 45_000);
    // Mid-way through the third job's handler.
    await new Promise((r) => setTimeout(r, 80));
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const finishedBeforeKill = done().length;
    expect(finishedBeforeKill).toBeLessThan(6);

    const second = start(0);
    await second.ready;
    await waitFor(() => done().length >= 6, 45_000);
    await new Promise((r) => setTimeout(r, 300));
    const lines = done();
    const numbers = lines.map((l) => Number(l.split(' ')[1])).sort((a, b) => a - b);
    expect(numbers).toEqual([0, 1, 2, 3, 4, 5]);
    const pids = new Set(lines.slice(finishedBeforeKill).map((l) => l.split(' ')[2]));
    expect(pids).toEqual(new Set([String(second.child.pid)]));
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  }, 120_000);
});

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
const REDIS_PORT = 3390;

describe.skipIf(!hasRedisServer)('when Redis restarts while jobs are active', () => {
  let dir: string;
  let redis: ChildProcess | undefined;
  let handle: DbHandle;
  const redisUrl = `redis://127.0.0.1:${REDIS_PORT}`;

  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'ignore' });
    await waitFor(() => spawnSync('redis-cli', ['-p', String(REDIS_PORT), 'ping']).stdout?.toString().includes('PONG'), 5000);
  };
  const stopRedis = async () => {
    const r = redis!;
    spawnSync('redis-cli', ['-p', String(REDIS_PORT), 'shutdown']);
    if (r.exitCode === null) await new Promise((resolve) => r.once('exit', resolve));
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sentia-redis-'));
    await startRedis();
    handle = await createTestDb();
  });
  afterAll(async () => {
    if (redis && redis.exitCode === null) await stopRedis();
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('then no job is lost or completed twice, enqueueing meanwhile is refused as unavailable, and an SSE client on another instance catches up on events raised meanwhile', async () => {
    const channel = `faults:${randomUUID()}`;
    const busA = await createEventBus({ db: handle.db, redisUrl, channel, catchUpIntervalMs: 60_000 });
    const busB = await createEventBus({ db: handle.db, redisUrl, channel, catchUpIntervalMs: 60_000 });
    const hub = createSseHub({ bus: busB, heartbeatMs: 60_000 });
    const server = http.createServer((_req, res) => void hub.stream(res, { role: 'VIEWER', types: [] }, undefined));
    await new Promise<void>((r) => server.listen(3391, '127.0.0.1', r));
    const client = await readSse('http://127.0.0.1:3391/');
    await client.waitFor((m) => m.event === 'ready');

    const completions = new Map<number, number>();
    const job = defineJob({
      name: 'sync.steady',
      payloadSchema: z.object({ n: z.number().int() }),
      retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 400 },
      handler: async ({ n }) => {
        await new Promise((r) => setTimeout(r, 120));
        completions.set(n, (completions.get(n) ?? 0) + 1);
      },
    });
    const prefix = `faults-${randomUUID().slice(0, 8)}`;
    const producer = createBullmqJobProvider({ redisUrl, prefix, db: handle.db, definitions: [job], onEvent: publishJobEvents(busA) });
    const worker = createBullmqJobProvider({ redisUrl, prefix, db: handle.db, definitions: [job], lockDurationMs: 10_000 });
    try {
      await worker.startWorkers({ concurrency: { sync: 3 } });
      for (let n = 0; n < 30; n += 1) await producer.enqueue(job, { n });
      await waitFor(() => completions.size >= 5);

      await stopRedis();
      // Producers fail fast (503) instead of hanging the request that enqueues.
      const refusedAt = Date.now();
      await expect(producer.enqueue(job, { n: 999 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      expect(Date.now() - refusedAt).toBeLessThan(3000);
      // Raised while Redis is away: stored, but pub/sub cannot carry it.
      const during = await busA.publish('inventory.changed', { skuCodes: ['GABA-RED-500'], reason: 'raised during the Redis restart' });
      await new Promise((r) => setTimeout(r, 400));
      await startRedis();

      await waitFor(() => completions.size === 30, 30_000);
      await waitFor(async () => (await producer.overview()).queues.find((q) => q.queue === 'sync')?.counts.completed === 30, 15_000);
      await new Promise((r) => setTimeout(r, 300));
      expect([...completions.values()].every((c) => c === 1)).toBe(true);
      const seen = await client.waitFor((m) => m.id === String(during.seq), 10_000);
      expect(JSON.parse(seen.data)).toMatchObject({ type: 'inventory.changed' });
      expect(client.messages.filter((m) => m.id === String(during.seq))).toHaveLength(1);
    } finally {
      client.close();
      hub.close();
      server.close();
      await worker.close({ graceMs: 500 });
      await producer.close({ graceMs: 500 });
      await busA.close();
      await busB.close();
    }
  }, 90_000);
});
