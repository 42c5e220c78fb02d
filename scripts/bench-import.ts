/**
 * File-import benchmark (`npm run bench:import`): not a test, a measurement.
 *
 * Generates a CSV of BENCH_IMPORT_LINES order lines (default 100,000; 1–4 lines per order, 9 SKUs, the five
 * channels, 2025 dates), starts the real HTTP app on loopback over a fresh database (PGlite in this process, or
 * PostgreSQL when DATABASE_URL is set) and uploads the file twice through multipart: the dry-run preview, then the
 * commit (one transaction). Reports wall time per step and the peak RSS and heap of this process, which holds the
 * server and, on PGlite, the database too. BENCH_IMPORT_FORMAT=xlsx uploads an .xlsx of the same rows instead.
 */
import { once } from 'node:events';
import { createWriteStream, openAsBlob } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { channels, dailySales, fxRates, orderLines, orders, products } from '../packages/db/src/schema.ts';
import { importsModule } from '../apps/server/src/modules/imports/imports.routes.ts';
import { createTestApp, testAccounts } from '../apps/server/src/test/create-test-app.ts';

const lines = Number(process.env.BENCH_IMPORT_LINES ?? 100_000);
const format = process.env.BENCH_IMPORT_FORMAT === 'xlsx' ? 'xlsx' : 'csv';
const skus = Array.from({ length: 9 }, (_, i) => `BENCH-${i + 1}`);
const channelRows = [
  ['AMAZON_UK', 'GBP'],
  ['AMAZON_EU', 'EUR'],
  ['AMAZON_US', 'USD'],
  ['SHOPIFY_UK', 'GBP'],
  ['SHOPIFY_US', 'USD'],
] as const;

/** Deterministic pseudo-random numbers (mulberry32), so every run imports the same file. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function* orderLineRows(): Generator<(string | number)[]> {
  const rand = prng(42);
  let written = 0;
  let order = 0;
  while (written < lines) {
    order += 1;
    const [channel, currency] = channelRows[order % channelRows.length]!;
    const day = new Date(Date.UTC(2025, 0, 1) + Math.floor(rand() * 365) * 86_400_000).toISOString().slice(0, 10);
    const count = Math.min(1 + Math.floor(rand() * 4), lines - written);
    const picked = [...skus].sort(() => rand() - 0.5).slice(0, count);
    for (const sku of picked) {
      yield [`B-${order}`, channel, day, sku, 1 + Math.floor(rand() * 6), (20 + Math.floor(rand() * 2000) / 100).toFixed(2), currency];
      written += 1;
    }
  }
}

const header = ['Order ID', 'Channel', 'Order Date', 'SKU', 'Quantity', 'Unit Price', 'Currency'];

async function writeFile(target: string): Promise<void> {
  if (format === 'xlsx') {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: target, useSharedStrings: true });
    const ws = wb.addWorksheet('Orders');
    ws.addRow(header).commit();
    for (const row of orderLineRows()) ws.addRow(row).commit();
    await ws.commit();
    await wb.commit();
    return;
  }
  const out = createWriteStream(target);
  out.write(`${header.join(',')}\n`);
  for (const row of orderLineRows()) if (!out.write(`${row.join(',')}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-import-'));
  const file = path.join(dir, `orders.${format}`);
  await writeFile(file);
  const size = (await stat(file)).size;

  const t = await createTestApp({
    // Errors only, so a failed step shows its cause.
    logger: pino({ level: 'error' }),
    modules: [importsModule({ ratePerMinute: 1000, maxBytes: 200 * 1024 * 1024, maxRows: 1_000_000 })],
    seed: async (db) => {
      await db.db.insert(products).values(skus.map((sku, i) => ({ sku, name: sku, category: 'GIN', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: `${5 + i}.5000`, costCurrency: 'GBP' as const, launchDate: '2020-01-01' })));
      await db.db.insert(fxRates).values(
        (['EUR', 'USD'] as const).flatMap((c) => [
          { rateDate: '2024-12-31', base: c, quote: 'GBP' as const, rate: c === 'EUR' ? '0.85000000' : '0.79000000', source: 'bench' },
          { rateDate: '2024-12-31', base: 'GBP' as const, quote: c, rate: c === 'EUR' ? '1.17647059' : '1.26582278', source: 'bench' },
        ]),
      );
      await db.db.select().from(channels);
    },
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const signIn = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: testAccounts.MANAGER.email, password: testAccounts.MANAGER.password }) });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;

  globalThis.gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);

  const upload = async (action: 'preview' | 'commit') => {
    const form = new FormData();
    form.set('file', await openAsBlob(file), path.basename(file));
    const started = performance.now();
    const cpu = process.cpuUsage();
    const res = await fetch(`${base}/api/imports/orders/${action}`, { method: 'POST', body: form, headers: { cookie } });
    const body = (await res.json()) as Record<string, unknown>;
    const used = process.cpuUsage(cpu);
    return { status: res.status, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, body };
  };

  const loadBefore = loadavg()[0]!;
  const results = [];
  for (const action of ['preview', 'commit'] as const) {
    globalThis.gc?.();
    peakRss = process.memoryUsage().rss;
    peakHeap = process.memoryUsage().heapUsed;
    const r = await upload(action);
    results.push({ step: action, status: r.status, seconds: (r.ms / 1000).toFixed(1), cpuSeconds: (r.cpuMs / 1000).toFixed(1), linesPerSecond: Math.round(lines / (r.ms / 1000)), peakRssMb: mb(peakRss), peakHeapMb: mb(peakHeap), result: r.status >= 400 ? String(r.body.detail).slice(0, 160) : `rows ${r.body.rowCount}, orders ${r.body.recordCount}, errors ${r.body.errorCount}${action === 'commit' ? `, inserted ${r.body.inserted}` : ''}` });
  }
  clearInterval(sampler);

  const [counts] = await t.db.db.select({ orders: sql<number>`(select count(*)::int from ${orders})`, lines: sql<number>`(select count(*)::int from ${orderLines})`, units: sql<number>`(select coalesce(sum(units), 0)::int from ${dailySales})` }).from(sql`(select 1) as one`);
  console.log(`\nImport of ${lines.toLocaleString('en-GB')} order lines (${format}, ${mb(size)} MB) on ${t.db.kind}; baseline RSS ${mb(baseline.rss)} MB, heap ${mb(baseline.heapUsed)} MB`);
  console.table(results);
  console.log(`database after: ${counts?.orders} orders, ${counts?.lines} order lines, ${counts?.units} units in daily_sales`);
  // cpuSeconds is this process's CPU time (server, PGlite and client all run here): on a shared machine it says how much
  // of the wall time was work rather than waiting for a core.
  console.log(`load average (1 min) ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after, on ${cpus().length} cores`);
  await t.close();
  await rm(dir, { recursive: true, force: true });
  // Timers started inside the app (session sweeps, job polling) may outlive close(); the figures are printed, so leave.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
