import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb } from '../src/create-db.ts';
import { seedDemoWorld } from '../src/demo/seed-demo-world.ts';
import { migrateDb } from '../src/migrate-db.ts';

// Seeds the demo world into a fresh file-backed PGlite (as a first start would) and reports the time
// and row counts. Usage: npx tsx packages/db/bench/seed-demo.ts [endDate YYYY-MM-DD]
const dir = await mkdtemp(path.join(tmpdir(), 'sentia-seed-bench-'));
try {
  const handle = await createDb({ dataDir: dir });
  const migrateStarted = performance.now();
  await migrateDb(handle);
  const migrateMs = Math.round(performance.now() - migrateStarted);
  const cpuBefore = process.cpuUsage();
  const result = await seedDemoWorld(handle, process.argv[2] ? { endDate: process.argv[2] } : undefined);
  const cpu = process.cpuUsage(cpuBefore);
  const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
  console.log(`migrate: ${migrateMs} ms`);
  console.log(`seedDemoWorld: ${result.ms} ms wall, ${Math.round(cpu.user / 1000)} ms user CPU + ${Math.round(cpu.system / 1000)} ms system CPU (created: ${result.created}), ${total} rows`);
  for (const [table, n] of Object.entries(result.counts)) console.log(`  ${table.padEnd(20)} ${n}`);
  const again = await seedDemoWorld(handle);
  console.log(`second call: ${again.ms} ms (created: ${again.created})`);
  await handle.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
