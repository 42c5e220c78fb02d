/**
 * Job throughput benchmark (`npm run bench:jobs`): not a test, a measurement.
 *
 * For each provider (embedded on in-memory PGlite, embedded on PostgreSQL when BENCH_PG_URL or DATABASE_URL is
 * reachable, BullMQ when REDIS_URL is set) it enqueues BENCH_JOBS trivial jobs, measures the enqueue rate and
 * the time to drain them with BENCH_CONCURRENCY workers (jobs/s), then enqueues BENCH_LATENCY_SAMPLES jobs one
 * at a time on an idle queue and reports enqueue-to-start latency (p50/p99).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { z } from 'zod';
import { createDb, type DbHandle } from '../packages/db/src/create-db.ts';
import { migrateDb } from '../packages/db/src/migrate-db.ts';
import { createBullmqJobProvider } from '../apps/server/src/jobs/bullmq-provider.ts';
import { createInProcessJobProvider } from '../apps/server/src/jobs/in-process-provider.ts';
import { defineJob } from '../apps/server/src/jobs/job-definition.ts';
import type { JobProvider } from '../apps/server/src/jobs/job-provider.ts';
import { deleteRedisKeys } from '../apps/server/src/jobs/testing/delete-redis-keys.ts';

const jobsCount = Number(process.env.BENCH_JOBS ?? 2000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const latencySamples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 100);
const pgUrl = process.env.BENCH_PG_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sentia_bench_jobs';
const redisUrl = process.env.REDIS_URL;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
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

interface Result {
  provider: string;
  enqueuePerSecond: number;
  jobsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
}

async function measure(label: string, make: (definitions: ReturnType<typeof defineJob>[]) => JobProvider): Promise<Result> {
  let started: ((id: string) => void) | undefined;
  let completed = 0;
  let allDone: (() => void) | undefined;
  const job = defineJob({
    name: 'bench.trivial',
    payloadSchema: z.object({ n: z.number().int() }),
    retry: 'none',
    handler: async ({ n }, ctx) => {
      started?.(ctx.jobId);
      completed += 1;
      if (completed === jobsCount) allDone?.();
      return n;
    },
  });
  const producer = make([job]);
  const t0 = performance.now();
  for (let n = 0; n < jobsCount; n += 1) await producer.enqueue(job, { n });
  const enqueueSeconds = (performance.now() - t0) / 1000;

  const done = new Promise<void>((resolve) => (allDone = resolve));
  const t1 = performance.now();
  const worker = make([job]);
  await worker.startWorkers({ concurrency: { bench: concurrency } });
  await done;
  const drainSeconds = (performance.now() - t1) / 1000;

  const latencies: number[] = [];
  for (let i = 0; i < latencySamples; i += 1) {
    const sentAt = performance.now();
    const startedPromise = new Promise<void>((resolve) => {
      started = () => {
        latencies.push(performance.now() - sentAt);
        started = undefined;
        resolve();
      };
    });
    // Enqueued by the process that works the queue, as the embedded deployment does.
    await worker.enqueue(job, { n: -i });
    await startedPromise;
    // Let the queue go idle again, so each sample measures a cold pickup.
    await new Promise((r) => setTimeout(r, 20));
  }
  await worker.close({ graceMs: 2000 });
  await producer.close({ graceMs: 2000 });
  return {
    provider: label,
    enqueuePerSecond: Math.round(jobsCount / enqueueSeconds),
    jobsPerSecond: Math.round(jobsCount / drainSeconds),
    latencyP50: Math.round(percentile(latencies, 50) * 10) / 10,
    latencyP99: Math.round(percentile(latencies, 99) * 10) / 10,
  };
}

async function clearJobs(handle: DbHandle) {
  await handle.db.execute(sql`truncate jobs, job_dead_letters, job_schedules`);
}

const results: Result[] = [];

{
  const handle = await createDb({});
  await migrateDb(handle);
  results.push(await measure('embedded, PGlite (in memory)', (definitions) => createInProcessJobProvider({ db: handle.db, definitions, exclusiveDatabase: true })));
  await handle.close();
}

if (await ensureDatabase(pgUrl)) {
  const handle = await createDb({ databaseUrl: pgUrl });
  await migrateDb(handle);
  await clearJobs(handle);
  results.push(await measure('embedded, PostgreSQL', (definitions) => createInProcessJobProvider({ db: handle.db, definitions, exclusiveDatabase: false })));
  if (redisUrl) {
    const prefix = `bench-${randomUUID().slice(0, 8)}`;
    results.push(await measure('BullMQ, Redis', (definitions) => createBullmqJobProvider({ redisUrl, prefix, db: handle.db, definitions })));
    await deleteRedisKeys(redisUrl, `${prefix}:`);
  }
  await clearJobs(handle);
  await handle.close();
} else {
  console.log(`PostgreSQL at ${pgUrl} not reachable: skipping the PostgreSQL and BullMQ runs`);
}

console.log(`\n${jobsCount} trivial jobs, ${concurrency} concurrent workers; enqueue-to-start latency over ${latencySamples} single jobs on an idle queue\n`);
console.log('| provider | enqueue (jobs/s) | throughput (jobs/s) | enqueue→start p50 (ms) | p99 (ms) |');
console.log('|---|---:|---:|---:|---:|');
for (const r of results) console.log(`| ${r.provider} | ${r.enqueuePerSecond} | ${r.jobsPerSecond} | ${r.latencyP50} | ${r.latencyP99} |`);
process.exit(0);
