/**
 * Full initial sync of the demo company from the sandboxes, through the real connector code path: the demo world is
 * generated into a fresh in-memory database, its orders are moved out into the Amazon and Shopify sandboxes (and its
 * catalogue, stock, suppliers and purchase orders into the Unleashed and Amazon ones), then five connections sync every
 * resource with `syncConnectionResource` (HTTP, signing, paging, mapping, ingest, daily_sales upkeep, cursors).
 * Reports time and records/s per connection × resource and checks that daily_sales equals a rebuild from the orders.
 *
 * Run: `npm run bench:sync` (optionally `-- --days 90` to serve only the last 90 days of orders).
 * Sandboxes run with wide-open usage plans and cost buckets: this measures our code and the database, not vendor
 * throttling (real SP-API plans would make a two-year Amazon backfill take hours).
 */
import { performance } from 'node:perf_hooks';
import { asc, gte, inArray, sql } from 'drizzle-orm';
import { amazonSandboxCredentials, startAmazonSandbox } from '@sentia/connectors/sandbox/amazon-sandbox';
import { buildAmazonSandboxData, buildShopifySandboxStore, buildUnleashedSandboxData, type SandboxWorldOrder, type SandboxWorldStock } from '@sentia/connectors/sandbox/build-sandbox-world';
import { startShopifySandbox } from '@sentia/connectors/sandbox/shopify-sandbox';
import { startUnleashedSandbox, unleashedSandboxCredentials } from '@sentia/connectors/sandbox/unleashed-sandbox';
import type { Channel } from '@sentia/contracts/common';
import { type SyncResourceCode, syncResourcesByProvider } from '@sentia/contracts/integration-connections';
import { seedDemoWorld } from '@sentia/db/demo/seed-demo-world';
import { seedReferenceData } from '@sentia/db/reference/seed-reference-data';
import { customers, inventory, integrationConnections, orderLines, orders, purchaseOrderLines, purchaseOrders, suppliers, warehouses } from '@sentia/db/schema';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import { configureIntegrationsRuntime } from '../apps/server/src/modules/integrations/integrations-runtime.ts';
import { sealCredentials } from '../apps/server/src/modules/integrations/integrations-secret-key.ts';
import { syncConnectionResource } from '../apps/server/src/modules/integrations/sync-connection.ts';

const daysArg = process.argv.indexOf('--days');
const days = daysArg > 0 ? Number(process.argv[daysArg + 1]) : 730;
const wide = { ratePerSecond: 1e6, burst: 1e6 };
const widePlans = { getOrders: wide, getOrderItems: wide, searchOrders: wide, getOrder: wide, getInventorySummaries: wide };
const statusOf = { PENDING: 'open', SHIPPED: 'shipped', DELIVERED: 'completed', CANCELLED: 'cancelled' } as const;
const fbaChannel: Record<string, Channel> = { 'FBA-UK': 'AMAZON_UK', 'FBA-EU': 'AMAZON_EU', 'FBA-US': 'AMAZON_US' };
const key = Buffer.alloc(32, 11);

const handle = await createTestDb();
const db = handle.db;
console.error('generating the demo company…');
await seedReferenceData(handle);
const seeded = await seedDemoWorld(handle, {});
await db.execute(sql`analyze`);

const since = new Date(Date.now() - days * 86_400_000);
const orderRows = await db.select().from(orders).where(gte(orders.orderedAt, since)).orderBy(asc(orders.orderedAt));
const lineRows = await db.select().from(orderLines);
const linesByOrder = new Map<string, typeof lineRows>();
for (const l of lineRows) linesByOrder.set(l.orderId, [...(linesByOrder.get(l.orderId) ?? []), l]);
const customerCode = new Map((await db.select({ id: customers.id, code: customers.code }).from(customers)).map((c) => [c.id, c.code]));
// Wholesale orders (those with a customer) are the ERP's: served as Unleashed sales orders, like DEMO_CONNECTORS does.
const world: SandboxWorldOrder[] = orderRows.map((o) => ({
  externalId: o.externalId,
  channel: o.customerId ? 'WHOLESALE' : o.channelCode,
  region: o.shipToRegion,
  ...(o.customerId ? { customerCode: customerCode.get(o.customerId)! } : {}),
  currency: o.currency,
  placedAt: o.orderedAt.toISOString(),
  updatedAt: o.orderedAt.toISOString(),
  // Pending orders carry no prices on Amazon; serve them as unshipped so the comparison below holds.
  status: statusOf[o.status] as SandboxWorldOrder['status'],
  shipping: o.shipping,
  lines: (linesByOrder.get(o.id) ?? []).sort((a, b) => a.lineNumber - b.lineNumber).map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discount })),
}));
// What the served orders add to daily_sales (revenue after line discounts, per currency), to compare with what comes back.
const servedIds = orderRows.filter((o) => o.status !== 'CANCELLED').map((o) => o.id);
const servedRevenue = new Map<string, number>();
for (const id of servedIds) for (const l of linesByOrder.get(id) ?? []) servedRevenue.set(l.currency, (servedRevenue.get(l.currency) ?? 0) + Number(l.lineTotal));

const stockRows = await db.select().from(inventory);
const stock: SandboxWorldStock[] = stockRows.filter((s) => s.quantityOnHand >= 0).map((s) => ({ sku: s.sku, location: fbaChannel[s.warehouseCode] ?? s.warehouseCode, onHand: s.quantityOnHand, reserved: Math.min(s.quantityReserved, s.quantityOnHand), updatedAt: s.updatedAt.toISOString() }));
const supplierRows = await db.select().from(suppliers);
const poRows = await db.select().from(purchaseOrders).where(inArray(purchaseOrders.status, ['SENT', 'PARTIALLY_RECEIVED', 'RECEIVED']));
const poLines = await db.select().from(purchaseOrderLines);
const warehouseRows = await db.select().from(warehouses).where(inArray(warehouses.code, ['UK-MAIN', 'US-3PL']));
const productRows = await db.execute<{ sku: string; name: string }>(sql`select sku, name from products`);
const at = new Date().toISOString();

// The orders leave the database: from here on they can only come back through the connectors.
await db.execute(sql`truncate orders, order_lines, refunds, daily_sales, integration_records cascade`);

const shopDomains = { SHOPIFY_UK: 'sentia-uk.myshopify.com', SHOPIFY_US: 'sentia-us.myshopify.com' } as const;
const [amazon, shopify, unleashed] = await Promise.all([
  startAmazonSandbox({ host: '127.0.0.1', data: buildAmazonSandboxData({ orders: world, stock }), usagePlans: widePlans }),
  startShopifySandbox({
    host: '127.0.0.1',
    stores: (['SHOPIFY_UK', 'SHOPIFY_US'] as const).map((channel) => buildShopifySandboxStore({ shopDomain: shopDomains[channel], channel, currency: channel === 'SHOPIFY_UK' ? 'GBP' : 'USD', accessToken: `shpat_${channel}`, webhookSecret: 'bench', orders: world })),
    bucketSize: 1e9,
    restoreRate: 1e9,
  }),
  startUnleashedSandbox({
    host: '127.0.0.1',
    data: buildUnleashedSandboxData({
      products: productRows.rows.map((p) => ({ sku: p.sku, name: p.name, isAssembled: true, isComponent: false, updatedAt: at })),
      warehouses: warehouseRows.map((w) => ({ code: w.code, name: w.name, updatedAt: at })),
      suppliers: supplierRows.map((s) => ({ code: s.code, name: s.name, currency: s.currency, leadTimeDays: s.leadTimeDays, updatedAt: at })),
      stock: stock.filter((s) => s.location === 'UK-MAIN' || s.location === 'US-3PL'),
      salesOrders: world,
      purchaseOrders: poRows.flatMap((po) => {
        const supplier = supplierRows.find((s) => s.id === po.supplierId);
        if (!supplier) return [];
        const lines = poLines.filter((l) => l.purchaseOrderId === po.id);
        return [{ number: po.poNumber, supplierCode: supplier.code, warehouse: 'UK-MAIN', currency: po.currency, status: po.status === 'RECEIVED' ? 'Complete' : 'Placed', orderDate: po.orderedAt.toISOString(), requiredDate: `${po.expectedDate}T00:00:00Z`, updatedAt: (po.receivedAt ?? po.orderedAt).toISOString(), lines: lines.map((l) => ({ sku: l.materialCode, quantity: Number(l.quantity), unitPrice: l.unitPrice, received: Number(l.quantityReceived) })) }];
      }),
      billsOfMaterials: [],
      assemblies: [],
    }),
  }),
]);

const runtime = configureIntegrationsRuntime(db, { key: () => key });
const connections = [
  { provider: 'AMAZON' as const, name: 'Amazon EU', config: { region: 'eu', marketplaces: ['UK', 'DE'], endpoint: amazon.url, tokenUrl: `${amazon.url}/auth/o2/token`, usagePlans: widePlans, initialLookbackDays: 730 }, credentials: amazonSandboxCredentials },
  { provider: 'AMAZON' as const, name: 'Amazon US', config: { region: 'na', marketplaces: ['US'], endpoint: amazon.url, tokenUrl: `${amazon.url}/auth/o2/token`, usagePlans: widePlans, initialLookbackDays: 730 }, credentials: amazonSandboxCredentials },
  ...(['SHOPIFY_UK', 'SHOPIFY_US'] as const).map((channel) => ({ provider: 'SHOPIFY' as const, name: `Shopify ${channel.slice(-2)}`, config: { shopDomain: shopDomains[channel], channel, region: channel.slice(-2), baseUrl: shopify.baseUrlFor(shopDomains[channel]) }, credentials: { accessToken: `shpat_${channel}`, webhookSecret: 'bench' } })),
  { provider: 'UNLEASHED' as const, name: 'Unleashed', config: { apiId: unleashedSandboxCredentials.apiId, baseUrl: unleashed.url }, credentials: unleashedSandboxCredentials },
];

const results: { what: string; records: number; written: number; rejected: number; ms: number }[] = [];
const started = performance.now();
const cpuBefore = process.cpuUsage();
try {
  for (const c of connections) {
    const id = crypto.randomUUID();
    await db.insert(integrationConnections).values({ id, provider: c.provider, name: c.name, config: c.config, credentialsEncrypted: sealCredentials(key, id, { ...c.credentials }) });
    for (const resource of syncResourcesByProvider[c.provider] as readonly SyncResourceCode[]) {
      const t0 = performance.now();
      const r = await syncConnectionResource({ db, registry: runtime.registry }, { connectionId: id, resource, trigger: 'manual' });
      results.push({ what: `${c.name} ${resource}`, records: r.fetched, written: r.written, rejected: r.rejected, ms: performance.now() - t0 });
      console.error(`${c.name} ${resource}: ${r.fetched} records in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  }
} finally {
  await Promise.all([amazon.close(), shopify.close(), unleashed.close()]);
}
const totalMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const loadAverage = (await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ');

const mismatches = await db.execute(sql`
  with rebuilt as (
    select (o.ordered_at at time zone 'UTC')::date as d, l.sku, o.ship_to_region as r, o.channel_code as c, count(distinct o.id)::int as n, sum(l.quantity)::int as u, sum(l.line_total) as rev
    from orders o join order_lines l on l.order_id = o.id where o.status <> 'CANCELLED' group by 1, 2, 3, 4)
  select count(*)::int as n from rebuilt full join daily_sales s on s.sales_date = rebuilt.d and s.sku = rebuilt.sku and s.region_code = rebuilt.r and s.channel_code = rebuilt.c
  where rebuilt.n is distinct from s.orders or rebuilt.u is distinct from s.units or rebuilt.rev is distinct from s.revenue`);
const after = await db.execute<{ currency: string; revenue: string }>(sql`select currency::text as currency, sum(revenue)::numeric(18,2)::text as revenue from daily_sales group by 1 order by 1`);
const [{ n: ordersBack }] = (await db.execute<{ n: number }>(sql`select count(*)::int as n from orders`)).rows as [{ n: number }];
await handle.close();

const records = results.reduce((n, r) => n + r.records, 0);
console.log(`initial sync of the demo company (${days} days of orders, demo world ${seeded.counts.orders ?? '?'} orders in total) from the sandboxes, node ${process.version}`);
console.log('| connection × resource | records | written | rejected | seconds | records/s |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of results) console.log(`| ${r.what} | ${r.records} | ${r.written} | ${r.rejected} | ${(r.ms / 1000).toFixed(1)} | ${Math.round(r.records / (r.ms / 1000))} |`);
console.log(`| **total** | ${records} | ${results.reduce((n, r) => n + r.written, 0)} | ${results.reduce((n, r) => n + r.rejected, 0)} | ${(totalMs / 1000).toFixed(1)} | ${Math.round(records / (totalMs / 1000))} |`);
console.log(`orders served ${world.length}, stored after the sync ${ordersBack}; daily_sales cells differing from a rebuild from the stored orders: ${(mismatches.rows[0] as { n: number }).n}`);
console.log(`daily_sales revenue served → stored: ${after.rows.map((r) => `${r.currency} ${(servedRevenue.get(r.currency) ?? 0).toFixed(2)} → ${r.revenue}`).join(', ')}`);
console.log(`sync phase: ${(totalMs / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU in this process (sandboxes included); load average at the end ${loadAverage}`);
console.log(`requests served: amazon ${amazon.faults.requests.length}, shopify ${shopify.faults.requests.length}, unleashed ${unleashed.faults.requests.length}`);
// Every figure is printed; nothing left to wait for (idle keep-alive sockets would otherwise hold the process open).
process.exit(0);
