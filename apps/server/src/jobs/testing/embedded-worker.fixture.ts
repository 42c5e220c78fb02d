import { appendFileSync } from 'node:fs';
import { z } from 'zod';
import { createDb } from '@sentia/db/create-db';
import { migrateDb } from '@sentia/db/migrate-db';
import { createInProcessJobProvider } from '../in-process-provider.ts';
import { defineJob } from '../job-definition.ts';

/**
 * A process that owns an embedded (PGlite on disk) database and runs jobs from it, for the kill-and-restart
 * test. `node --import tsx embedded-worker.fixture.ts <dataDir> <logFile> <enqueueCount>`: enqueues that many
 * jobs (0 to only run), then works until killed. Each job appends its id to the log file when it finishes.
 */
const [dataDir, logFile, enqueueCount] = process.argv.slice(2);
if (!dataDir || !logFile) throw new Error('usage: embedded-worker.fixture.ts <dataDir> <logFile> <enqueueCount>');

const handle = await createDb({ dataDir });
await migrateDb(handle);
const job = defineJob({
  name: 'test.durable',
  payloadSchema: z.object({ n: z.number().int() }),
  retry: { retries: 1, baseDelayMs: 50, maxDelayMs: 50 },
  handler: async ({ n }, ctx) => {
    await new Promise((r) => setTimeout(r, 250));
    appendFileSync(logFile, `${ctx.jobId} ${n} ${process.pid}\n`);
  },
});
const provider = createInProcessJobProvider({ db: handle.db, definitions: [job], exclusiveDatabase: true, pollIntervalMs: 50 });
for (let n = 0; n < Number(enqueueCount ?? 0); n += 1) await provider.enqueue(job, { n }, { idempotencyKey: `n-${n}` });
await provider.startWorkers({ concurrency: { test: 1 } });
console.log('ready');
process.on('SIGTERM', () => {
  void provider.close({ graceMs: 1000 }).then(() => handle.close()).then(() => process.exit(0));
});
