/**
 * Full initial sync of a generated company from the three sandboxes through the real connector
 * code (HTTP, signing, paging, mapping, validation of the contracts), reporting time and rows/s.
 * Run: `npx tsx packages/connectors/bench/initial-sync.ts [ordersPerSource]` (default 2000).
 * Usage plans and cost buckets are opened wide: this measures our code, not vendor throttling.
 */
import { emptySyncCursor, normalisedOrderSchema } from '@sentia/contracts/integrations';
import { createAmazonClient } from '../src/amazon/amazon-client.ts';
import { amazonSandboxCredentials, generateAmazonSandboxData, startAmazonSandbox } from '../src/sandbox/amazon-sandbox.ts';
import { generateShopifySandboxStore, startShopifySandbox } from '../src/sandbox/shopify-sandbox.ts';
import { generateUnleashedSandboxData, startUnleashedSandbox, unleashedSandboxCredentials } from '../src/sandbox/unleashed-sandbox.ts';
import { createShopifyStores } from '../src/shopify/shopify-client.ts';
import { createUnleashedClient, type UnleashedResourceName } from '../src/unleashed/unleashed-client.ts';

const n = Number(process.argv[2] ?? 2000);
const wide = { ratePerSecond: 1e6, burst: 1e6 };
const results: { source: string; rows: number; ms: number }[] = [];

async function timed(source: string, run: () => Promise<number>) {
  const start = performance.now();
  const rows = await run();
  results.push({ source, rows, ms: performance.now() - start });
}

const amazon = await startAmazonSandbox({ data: generateAmazonSandboxData({ orderCount: n }), usagePlans: { getOrders: wide, getOrderItems: wide, searchOrders: wide, getOrder: wide, getInventorySummaries: wide } });
const ukStore = generateShopifySandboxStore({ shopDomain: 'bench-uk.myshopify.com', currency: 'GBP', orderCount: n / 2 });
const usStore = generateShopifySandboxStore({ shopDomain: 'bench-us.myshopify.com', currency: 'USD', orderCount: n / 2, seed: 8, idBase: 6_100_000_000_000 });
const shopify = await startShopifySandbox({ stores: [ukStore, usStore], bucketSize: 1e9, restoreRate: 1e9 });
const unleashed = await startUnleashedSandbox({ data: generateUnleashedSandboxData({ salesOrderCount: n, purchaseOrderCount: n / 10, assemblyCount: n / 10 }) });

try {
  for (const version of ['v0', '2026-01-01'] as const) {
    await timed(`amazon orders ${version} (UK+DE)`, async () => {
      const client = createAmazonClient({ account: 'eu', region: 'eu', endpoint: amazon.url, tokenUrl: `${amazon.url}/auth/o2/token`, ...amazonSandboxCredentials, marketplaces: ['UK', 'DE'], ordersApiVersion: version, initialLookbackDays: 3650, usagePlans: { getOrders: wide, getOrderItems: wide, searchOrders: wide, getOrder: wide, getInventorySummaries: wide } });
      let rows = 0;
      for await (const page of client.syncOrders(emptySyncCursor)) {
        page.records.forEach((o) => normalisedOrderSchema.parse(o));
        rows += page.records.length;
      }
      return rows;
    });
  }
  await timed('shopify orders (2 stores)', async () => {
    const stores = createShopifyStores(
      [ukStore, usStore].map((s) => ({ shopDomain: s.shopDomain, accessToken: s.accessToken, webhookSecret: s.webhookSecret, channel: s.currency === 'USD' ? ('SHOPIFY_US' as const) : ('SHOPIFY_UK' as const), region: s.currency === 'USD' ? ('US' as const) : ('UK' as const), baseUrl: shopify.baseUrlFor(s.shopDomain), ordersPageSize: 10 })),
    );
    let rows = 0;
    for (const client of stores.all()) for await (const page of client.syncOrders(emptySyncCursor)) rows += page.records.length;
    return rows;
  });
  await timed('unleashed all resources', async () => {
    const client = createUnleashedClient({ ...unleashedSandboxCredentials, baseUrl: unleashed.url, pageSize: 500 });
    let rows = 0;
    const resources: UnleashedResourceName[] = ['products', 'stockOnHand', 'salesOrders', 'purchaseOrders', 'assemblies', 'billsOfMaterials', 'warehouses', 'suppliers'];
    for (const resource of resources) for await (const page of client.sync(resource, emptySyncCursor)) rows += page.records.length;
    return rows;
  });
} finally {
  await Promise.all([amazon.close(), shopify.close(), unleashed.close()]);
}

console.log(`initial sync bench, ${n} orders per source (node ${process.version})`);
console.log('| source | rows | seconds | rows/s |');
console.log('|---|---:|---:|---:|');
for (const r of results) console.log(`| ${r.source} | ${r.rows} | ${(r.ms / 1000).toFixed(2)} | ${Math.round(r.rows / (r.ms / 1000))} |`);
console.log(`requests served: amazon ${amazon.faults.requests.length}, shopify ${shopify.faults.requests.length}, unleashed ${unleashed.faults.requests.length}`);
