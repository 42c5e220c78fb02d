/**
 * Webhook → dashboard latency benchmark (`npm run bench:webhooks`): not a test, a measurement.
 *
 * One API process (the real application: createApp, the webhooks module, the embedded job provider, event bus,
 * SSE hub and KPI cache; embedded PGlite, or PostgreSQL/Redis when BENCH_SERVE_DB_URL / REDIS_URL are set) runs
 * as a child process. The parent signs in, holds one SSE stream open, and sends BENCH_COUNT signed Shopify
 * `orders/create` webhooks one after another. For each it measures, from the moment the POST is sent:
 *   - ack: the 200 answer (Shopify allows 5 s),
 *   - sse: the `order.created` event reaching the subscribed client,
 *   - kpi: GET /api/kpis/summary (polled every 10 ms) showing the order's units,
 *   - dashboard: the later of sse and kpi, i.e. when the event and the new number are both available,
 *   - browser-like (every other delivery, without the 10 ms polling): the web app's pattern — on the event, wait its
 *     250 ms batch, refetch, and refetch once more 1.5 s later — and when that shows the order.
 * Reported: p50/p95/p99/max of each (target p99 < 5 s, aim < 1 s).
 *
 * Options (environment): BENCH_COUNT (200), BENCH_PORT (3360), BENCH_SERVE_DB_URL, REDIS_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const count = Number(process.env.BENCH_COUNT ?? 200);
const port = Number(process.env.BENCH_PORT ?? 3360);
const email = 'bench-viewer@bench.sentia.local';
const password = 'bench-password-123456';
const shopDomain = 'bench-uk.myshopify.com';
const shopSecret = 'shpss_bench_secret';
const sku = 'GIN-LDN-70CL';

async function serve(): Promise<void> {
  const { createDb } = await import('../packages/db/src/create-db.ts');
  const { migrateDb } = await import('../packages/db/src/migrate-db.ts');
  const { seedReferenceData } = await import('../packages/db/src/reference/seed-reference-data.ts');
  const { hashPassword } = await import('../packages/db/src/password-hash.ts');
  const { fxRates, integrationConnections, productPrices, products, users } = await import('../packages/db/src/schema.ts');
  const { decryptSecret, encryptSecret } = await import('../packages/connectors/src/shared/secrets.ts');
  const { createCache } = await import('../apps/server/src/cache/create-cache.ts');
  const { loadConfig } = await import('../apps/server/src/config.ts');
  const { createApp } = await import('../apps/server/src/http/create-app.ts');
  const { startBackgroundServices } = await import('../apps/server/src/jobs/start-background-services.ts');
  const { webhooksModule } = await import('../apps/server/src/modules/webhooks/webhooks.routes.ts');
  const { createConnectionWebhookSecrets } = await import('../apps/server/src/modules/webhooks/webhook-connections.ts');

  const dbUrl = process.env.BENCH_SERVE_DB_URL || undefined;
  const db = await createDb(dbUrl ? { databaseUrl: dbUrl } : {});
  await migrateDb(db);
  await seedReferenceData(db);
  await db.db.insert(users).values({ email, name: 'Bench viewer', role: 'VIEWER', passwordHash: await hashPassword(password) }).onConflictDoNothing();
  await db.db.insert(products).values({ sku, name: 'London Dry Gin 70cl', category: 'gin', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: '9.8200', costCurrency: 'GBP', launchDate: '2020-01-01' }).onConflictDoNothing();
  await db.db.insert(productPrices).values({ sku, channelCode: 'SHOPIFY_UK', validFrom: '2020-01-01', listPrice: '34.9900', currency: 'GBP' }).onConflictDoNothing();
  await db.db.insert(fxRates).values([{ rateDate: '2020-01-01', base: 'USD', quote: 'GBP', rate: '0.80000000', source: 'bench' }, { rateDate: '2020-01-01', base: 'EUR', quote: 'GBP', rate: '0.85000000', source: 'bench' }]).onConflictDoNothing();
  const key = randomBytes(32);
  const connectionId = randomUUID();
  await db.db.insert(integrationConnections).values({ id: connectionId, provider: 'SHOPIFY', name: `Bench ${connectionId}`, channelCode: 'SHOPIFY_UK', config: { shopDomain }, credentialsEncrypted: encryptSecret(JSON.stringify({ webhookSecret: shopSecret }), key, connectionId) });

  const config = { ...loadConfig({ LOG_LEVEL: 'warn', NODE_ENV: 'test', DEMO_DATA: 'false', RATE_LIMIT_PER_MINUTE: '10000000', REDIS_URL: process.env.REDIS_URL ?? '' }), databaseUrl: dbUrl };
  const logger = { info: () => undefined, warn: (o: object, m: string) => console.error(m, o), error: (o: object, m: string) => console.error(m, o) };
  const channel = `bench-webhooks-${randomUUID().slice(0, 8)}`;
  const cache = await createCache({ ttlSeconds: 300, redisUrl: config.redisUrl, namespace: `${channel}:cache` });
  const background = await startBackgroundServices({ config, db, cache, logger, role: 'api', channel: `${channel}:events`, prefix: channel });
  // With Redis the API process only enqueues: run a BullMQ worker beside it, as `npm run worker` would.
  if (config.redisUrl) await startBackgroundServices({ config, db, logger, role: 'worker', channel: `${channel}:events`, prefix: channel });
  const webhooks = webhooksModule({ secrets: (ctx) => createConnectionWebhookSecrets({ db: ctx.db.db, decrypt: (id, sealed) => JSON.parse(decryptSecret(sealed, key, id)) as Record<string, unknown> }) });
  const app = await createApp({ config, db, cache, sessionSecret: randomBytes(32).toString('hex'), webDistDir: null, modules: [webhooks, ...background.modules], events: background.bus, jobs: background.jobs });
  await app.listen({ port, host: '127.0.0.1' });
  console.log('ready');
}

function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', self, '--serve'], { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

async function run(): Promise<void> {
  const { signShopifyWebhook } = await import('../packages/connectors/src/shopify/verify-shopify-webhook.ts');
  const { readSse } = await import('../apps/server/src/events/read-sse.ts');
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer();
  try {
    const signInRes = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    if (signInRes.status !== 200) throw new Error(`sign-in failed: ${signInRes.status} ${await signInRes.text()}`);
    const cookie = signInRes.headers.getSetCookie().find((c) => c.startsWith('sentia_session='))!.split(';')[0]!;
    const stream = await readSse(`${base}/api/events/stream?types=order.created`, { cookie });
    if (stream.status !== 200) throw new Error(`event stream answered ${stream.status}`);
    const today = new Date().toISOString().slice(0, 10);
    const units = async () => {
      const res = await fetch(`${base}/api/kpis/summary?from=${today}&to=${today}`, { headers: { cookie } });
      const body = (await res.json()) as { kpis: { units: { value: string | null } } };
      return Number(body.kpis.units.value ?? 0);
    };
    let expectedUnits = await units();
    // Even deliveries: the KPI API is polled every 10 ms (when the data is there). Odd ones: the web app's refetch pattern.
    const polled: { ack: number; sse: number; kpi: number; dashboard: number }[] = [];
    const browserLike: { ack: number; sse: number; shown: number; firstRefetchFresh: boolean }[] = [];
    const idBase = Date.now();
    for (let i = 0; i < count; i += 1) {
      const quantity = 1 + (i % 3);
      const now = new Date().toISOString();
      const total = (34.99 * quantity).toFixed(2);
      const id = idBase + i;
      const body = JSON.stringify({
        id,
        admin_graphql_api_id: `gid://shopify/Order/${id}`,
        name: `#B${i}`,
        created_at: now,
        updated_at: now,
        processed_at: now,
        cancelled_at: null,
        currency: 'GBP',
        financial_status: 'paid',
        fulfillment_status: null,
        subtotal_price: total,
        total_discounts: '0.00',
        total_tax: '0.00',
        total_price: total,
        line_items: [{ id: id * 10, sku, name: 'London Dry Gin 70cl', quantity, price: '34.99', total_discount: '0.00', tax_lines: [] }],
      });
      const seen = stream.messages.length;
      const sent = performance.now();
      const sseArrived = stream.waitFor((m) => stream.messages.indexOf(m) >= seen && m.event === 'order.created', 10_000).then(() => performance.now() - sent);
      const res = await fetch(`${base}/api/webhooks/shopify`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-shopify-topic': 'orders/create',
          'x-shopify-hmac-sha256': signShopifyWebhook(body, shopSecret),
          'x-shopify-shop-domain': shopDomain,
          'x-shopify-api-version': '2025-10',
          'x-shopify-webhook-id': randomUUID(),
          'x-shopify-event-id': randomUUID(),
          'x-shopify-triggered-at': now,
        },
        body,
      });
      const ack = performance.now() - sent;
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
      expectedUnits += quantity;
      if (i % 2 === 0) {
        let kpi = NaN;
        for (const deadline = sent + 10_000; performance.now() < deadline; ) {
          if ((await units()) >= expectedUnits) {
            kpi = performance.now() - sent;
            break;
          }
          await new Promise((r) => setTimeout(r, 10));
        }
        if (Number.isNaN(kpi)) throw new Error(`order ${i}: the KPI API did not show it within 10 s`);
        const sse = await sseArrived;
        polled.push({ ack, sse, kpi, dashboard: Math.max(sse, kpi) });
      } else {
        // What the web app does: on the event, wait out its 250 ms batch and refetch; refetch once more 1.5 s later
        // (the KPI answer right after an invalidation may be the stale-while-revalidate one).
        const sse = await sseArrived;
        await new Promise((r) => setTimeout(r, 250));
        let shown = (await units()) >= expectedUnits ? performance.now() - sent : NaN;
        if (Number.isNaN(shown)) {
          await new Promise((r) => setTimeout(r, 1500));
          shown = (await units()) >= expectedUnits ? performance.now() - sent : NaN;
        }
        if (Number.isNaN(shown)) throw new Error(`order ${i}: a browser-like client would not show it after its settle refetch`);
        browserLike.push({ ack, sse, shown, firstRefetchFresh: shown - sse < 1000 });
      }
    }
    stream.close();
    const line = (label: string, values: number[]) =>
      `| ${label} | ${percentile(values, 50).toFixed(0)} | ${percentile(values, 95).toFixed(0)} | ${percentile(values, 99).toFixed(0)} | ${Math.max(...values).toFixed(0)} |`;
    console.log(`\nWebhook → dashboard latency, ${count} signed orders/create deliveries one after another (ms, from sending the POST)`);
    console.log(`database: ${process.env.BENCH_SERVE_DB_URL ? 'PostgreSQL' : 'PGlite (embedded)'}, jobs/events: ${process.env.REDIS_URL ? 'BullMQ + Redis pub/sub (one worker)' : 'in-process'}`);
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} — shared with other work, so figures are under load\n`);
    const rows = [...polled, ...browserLike];
    console.log('| measure | p50 | p95 | p99 | max |');
    console.log('|---|---|---|---|---|');
    console.log(line(`200 answer (ack), n=${rows.length}`, rows.map((r) => r.ack)));
    console.log(line(`SSE order.created at the client, n=${rows.length}`, rows.map((r) => r.sse)));
    console.log(line(`KPI API shows the order (polled every 10 ms), n=${polled.length}`, polled.map((r) => r.kpi)));
    console.log(line(`event and new KPI both available (later of the two), n=${polled.length}`, polled.map((r) => r.dashboard)));
    console.log(line(`browser-like client shows it (event, 250 ms batch, refetch, settle refetch at +1.5 s), n=${browserLike.length}`, browserLike.map((r) => r.shown)));
    const fresh = browserLike.filter((r) => r.firstRefetchFresh).length;
    console.log(`\nbrowser-like: the first refetch already had the order in ${fresh} of ${browserLike.length} cases; the rest needed the settle refetch.`);
    const p99 = percentile(browserLike.map((r) => r.shown), 99);
    console.log(`p99 until a browser-like dashboard shows the order: ${p99.toFixed(0)} ms: ${p99 < 1000 ? 'meets the aim (< 1 s)' : p99 < 5000 ? 'meets the target (< 5 s), not the aim (< 1 s)' : 'MISSES the target (< 5 s)'}`);
  } finally {
    server.kill('SIGTERM');
  }
}

if (process.argv.includes('--serve')) await serve();
else await run();
