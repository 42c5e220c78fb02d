import { randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amazonSandboxCredentials, generateAmazonSandboxData, startAmazonSandbox, type AmazonSandbox } from '@sentia/connectors/sandbox/amazon-sandbox';
import { sandboxSkus } from '@sentia/connectors/sandbox/sandbox-catalogue';
import { generateShopifySandboxStore, startShopifySandbox, type ShopifySandbox, type ShopifySandboxStore } from '@sentia/connectors/sandbox/shopify-sandbox';
import { decryptSecret, encryptSecret } from '@sentia/connectors/shared/secrets';
import { signShopifyWebhook } from '@sentia/connectors/shopify/verify-shopify-webhook';
import type { DbHandle } from '@sentia/db/create-db';
import { auditLogs, dailySales, fxRates, integrationConnections, inventory, orders, productPrices, products, shopifyInventoryItems, warehouses, webhookDeliveries } from '@sentia/db/schema';
import { createEventBus, type EventBus } from '../../events/create-event-bus.ts';
import type { StoredEvent } from '../../events/event-store.ts';
import { createApp } from '../../http/create-app.ts';
import { createInProcessJobProvider } from '../../jobs/in-process-provider.ts';
import type { JobProvider } from '../../jobs/job-provider.ts';
import { invalidateKpiCacheOnEvents } from '../../jobs/start-background-services.ts';
import { configureIntegrationsRuntime, integrationsRuntimeFor } from '../integrations/integrations-runtime.ts';
import { syncConnectionResource } from '../integrations/sync-connection.ts';
import { createTestApp, signIn, type TestApp } from '../../test/create-test-app.ts';
import { createDatabaseDeliveryClaims, createRedisDeliveryClaims, type DeliveryClaims } from './delivery-claims.ts';
import { amazonConnectionFor } from '../integrations/demo-connectors.ts';
import { consumeAmazonQueue, pollAmazonQueue } from './consume-amazon-queue.ts';
import { createProcessWebhookJob } from './process-webhook.job.ts';
import { createConnectionWebhookSecrets } from './webhook-connections.ts';
import { webhooksModule } from './webhooks.routes.ts';
import { createWebhooksService } from './webhooks.service.ts';

const SHOP = 'sentia-test-uk.myshopify.com';
const SHOP_SECRET = 'shpss_test_secret_uk';
const AMAZON_KEY = 'amzn-notify-key-1';
const encryptionKey = randomBytes(32);
const shopConnectionId = randomUUID();
const amazonConnectionId = randomUUID();
const INVENTORY_SHOP = 'sentia-stock-uk.myshopify.com';
const INVENTORY_SECRET = 'shpss_stock_secret';
const inventoryConnectionId = randomUUID();
/** The sandbox store's first location; its second one is mapped to no warehouse. */
const stockLocation = 5_940_000_000_001;
const today = new Date().toISOString().slice(0, 10);
const redisPrefix = `test:webhooks:${randomUUID()}:`;

let t: TestApp;
let bus: EventBus;
let jobs: JobProvider;
let claims: DeliveryClaims;
let viewer: string;
let amazon: AmazonSandbox;
let shopifyStock: ShopifySandbox;
let stockStore: ShopifySandboxStore;
/** An order the Amazon sandbox serves (not Pending, so it is priced). */
let amazonOrderId: string;
const events: StoredEvent[] = [];

const decrypt = (id: string, encrypted: string) => JSON.parse(decryptSecret(encrypted, encryptionKey, id)) as Record<string, unknown>;

const module = (getJobs: () => JobProvider, getClaims: () => DeliveryClaims) => ({
  name: 'webhooks',
  register: (app: Parameters<ReturnType<typeof webhooksModule>['register']>[0], ctx: Parameters<ReturnType<typeof webhooksModule>['register']>[1]) =>
    webhooksModule({ jobs: getJobs(), claims: getClaims(), secrets: (c) => createConnectionWebhookSecrets({ db: c.db.db, decrypt }) }).register(app, ctx),
});

async function seed(handle: DbHandle): Promise<void> {
  const db = handle.db;
  const amazonData = generateAmazonSandboxData({ orderCount: 6, marketplaces: ['UK', 'DE'], from: new Date(Date.now() - 3 * 86_400_000).toISOString(), to: new Date(Date.now() - 86_400_000).toISOString() });
  amazonOrderId = amazonData.orders.find((o) => o.order.OrderStatus !== 'Pending')!.order.AmazonOrderId;
  amazon = await startAmazonSandbox({ data: amazonData });
  stockStore = generateShopifySandboxStore({ shopDomain: INVENTORY_SHOP, currency: 'GBP', webhookSecret: INVENTORY_SECRET, orderCount: 0 });
  shopifyStock = await startShopifySandbox({ stores: [stockStore] });
  // The sandbox stores sell the whole sandbox catalogue.
  await db.insert(products).values(sandboxSkus.map((p) => ({ sku: p.sku, name: p.name, category: 'spirit', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: p.unitCost, costCurrency: 'GBP' as const, launchDate: '2020-01-01' })));
  await db.insert(productPrices).values([
    { sku: 'GIN-LDN-70CL', channelCode: 'SHOPIFY_UK', validFrom: '2020-01-01', listPrice: '34.9900', currency: 'GBP' },
    { sku: 'GIN-PINK-70CL', channelCode: 'SHOPIFY_UK', validFrom: '2020-01-01', listPrice: '32.9900', currency: 'GBP' },
  ]);
  await db.insert(fxRates).values([
    { rateDate: '2020-01-01', base: 'USD', quote: 'GBP', rate: '0.80000000', source: 'test' },
    { rateDate: '2020-01-01', base: 'EUR', quote: 'GBP', rate: '0.85000000', source: 'test' },
    { rateDate: '2020-01-01', base: 'GBP', quote: 'EUR', rate: '1.17647059', source: 'test' },
  ]);
  await db.insert(warehouses).values([
    { code: 'FBA-UK', name: 'Amazon FBA UK', kind: 'FBA', region: 'UK', channelCode: 'AMAZON_UK', currency: 'GBP' },
    { code: 'SHOP-UK', name: 'Shopify UK stockroom', kind: 'OWN', region: 'UK', channelCode: null, currency: 'GBP' },
  ]);
  await db.insert(integrationConnections).values([
    { id: shopConnectionId, provider: 'SHOPIFY', name: 'Shopify UK', channelCode: 'SHOPIFY_UK', config: { shopDomain: SHOP }, credentialsEncrypted: encryptSecret(JSON.stringify({ accessToken: 'shpat_x', webhookSecret: SHOP_SECRET }), encryptionKey, shopConnectionId) },
    {
      id: amazonConnectionId,
      provider: 'AMAZON',
      name: 'Amazon EU host (UK, DE)',
      channelCode: null,
      // SP-API's own usage plans (getOrder 0.5/s, burst 30): follow-up reads go through the real buckets.
      config: { sellerId: 'A3TH9S8BH6GOGM', region: 'eu', marketplaces: ['UK', 'DE'], endpoint: amazon.url, tokenUrl: `${amazon.url}/auth/o2/token` },
      credentialsEncrypted: encryptSecret(JSON.stringify({ ...amazonSandboxCredentials, notificationApiKey: AMAZON_KEY }), encryptionKey, amazonConnectionId),
    },
  ]);
  await db.insert(integrationConnections).values({
    id: inventoryConnectionId,
    provider: 'SHOPIFY',
    name: 'Shopify UK stock',
    channelCode: 'SHOPIFY_UK',
    config: { shopDomain: INVENTORY_SHOP, channel: 'SHOPIFY_UK', region: 'UK', baseUrl: shopifyStock.baseUrlFor(INVENTORY_SHOP), locationMap: { [`gid://shopify/Location/${stockLocation}`]: 'SHOP-UK' } },
    credentialsEncrypted: encryptSecret(JSON.stringify({ accessToken: stockStore.accessToken, webhookSecret: INVENTORY_SECRET }), encryptionKey, inventoryConnectionId),
  });
  configureIntegrationsRuntime(db, { key: () => encryptionKey, retryBaseDelayMs: 5 });
  bus = await createEventBus({ db });
  bus.subscribe((event) => events.push(event));
  jobs = createInProcessJobProvider({ db, definitions: [createProcessWebhookJob({ db, bus })], exclusiveDatabase: false, pollIntervalMs: 30 });
  await jobs.startWorkers();
  claims = process.env.REDIS_URL ? await createRedisDeliveryClaims({ redisUrl: process.env.REDIS_URL, prefix: redisPrefix }) : createDatabaseDeliveryClaims();
}

/** A REST Order body as `orders/create` / `orders/updated` carry it (reference B.7). */
function restOrder(input: { id: number; updatedAt: string; quantity?: number; financialStatus?: string; cancelledAt?: string | null; sku?: string }) {
  const quantity = input.quantity ?? 1;
  const price = '34.99';
  const total = (34.99 * quantity).toFixed(2);
  return {
    id: input.id,
    admin_graphql_api_id: `gid://shopify/Order/${input.id}`,
    name: `#${input.id}`,
    created_at: `${today}T09:00:00Z`,
    updated_at: input.updatedAt,
    processed_at: `${today}T09:00:00Z`,
    cancelled_at: input.cancelledAt ?? null,
    currency: 'GBP',
    financial_status: input.financialStatus ?? 'paid',
    fulfillment_status: null,
    subtotal_price: total,
    total_discounts: '0.00',
    total_tax: '0.00',
    total_price: total,
    line_items: [{ id: input.id * 10, admin_graphql_api_id: `gid://shopify/LineItem/${input.id * 10}`, sku: input.sku ?? 'GIN-LDN-70CL', name: 'London Dry Gin 70cl', quantity, price, total_discount: '0.00', tax_lines: [] }],
  };
}

function shopifyRequest(body: unknown, options: { topic?: string; eventId?: string; secret?: string; shop?: string } = {}) {
  const raw = JSON.stringify(body);
  return {
    method: 'POST' as const,
    url: '/api/webhooks/shopify',
    payload: raw,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': options.topic ?? 'orders/create',
      'x-shopify-hmac-sha256': signShopifyWebhook(raw, options.secret ?? SHOP_SECRET),
      'x-shopify-shop-domain': options.shop ?? SHOP,
      'x-shopify-api-version': '2025-10',
      'x-shopify-webhook-id': randomUUID(),
      'x-shopify-event-id': options.eventId ?? randomUUID(),
      'x-shopify-triggered-at': new Date().toISOString(),
    },
  };
}

const waitFor = async <T,>(check: () => Promise<T | undefined | false | null>, timeoutMs = 8000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

const deliveryStatus = async (deliveryId: string) => (await t.db.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId)))[0];
const processed = (deliveryId: string) => waitFor(async () => ((await deliveryStatus(deliveryId))?.status === 'PROCESSED' ? deliveryStatus(deliveryId) : null));
const orderRow = async (shopifyId: number) => (await t.db.db.select().from(orders).where(and(eq(orders.channelCode, 'SHOPIFY_UK'), eq(orders.externalId, String(shopifyId)))))[0];

beforeAll(async () => {
  t = await createTestApp({ seed, modules: [module(() => jobs, () => claims)] });
  invalidateKpiCacheOnEvents(bus, t.cache, { warn: () => {} });
  viewer = await signIn(t.app, 'VIEWER');
});
afterAll(async () => {
  await jobs?.close({ graceMs: 200 });
  await claims?.close();
  await bus?.close();
  await t?.close();
  await amazon?.close();
  await shopifyStock?.close();
});

describe('POST /api/webhooks/shopify', () => {
  it('when a signed orders/create arrives, then it is answered at once, the order is stored, dashboards are told and the KPI API shows it', async () => {
    const kpis = async () => (await t.app.inject({ url: `/api/kpis/summary?from=${today}&to=${today}`, headers: { cookie: viewer } })).json() as { kpis: { units: { value: string | null } } };
    const unitsBefore = Number((await kpis()).kpis.units.value ?? 0);
    const started = performance.now();
    const res = await t.app.inject(shopifyRequest(restOrder({ id: 1001, updatedAt: `${today}T09:00:05Z`, quantity: 2 })));
    expect(res.statusCode).toBe(200);
    // Shopify allows 5 s; the work itself happens in the job.
    expect(performance.now() - started).toBeLessThan(5000);
    const body = res.json() as { status: string; deliveryId: string };
    expect(body.status).toBe('accepted');

    await processed(body.deliveryId);
    const order = await orderRow(1001);
    expect(order).toMatchObject({ total: '69.9800', currency: 'GBP', status: 'PENDING', source: 'webhook:shopify' });
    const created = await waitFor(async () => events.find((e) => e.type === 'order.created' && (e.data as { orderId: string }).orderId === order!.id));
    expect(created.data).toMatchObject({ channel: 'SHOPIFY_UK', units: 2, total: { amount: '69.98', currency: 'GBP' } });
    await waitFor(async () => events.some((e) => e.type === 'kpi.updated' && e.seq > created.seq));
    await waitFor(async () => Number((await kpis()).kpis.units.value) === unitsBefore + 2, 3000);
  });

  it('when the signature is forged, then 401, nothing is stored or queued, and a security event is in the audit log', async () => {
    const request = shopifyRequest(restOrder({ id: 1002, updatedAt: `${today}T09:00:05Z` }), { secret: 'not-the-secret' });
    const res = await t.app.inject(request);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const [audit] = await t.db.db.select().from(auditLogs).where(and(eq(auditLogs.actionType, 'webhook.signature.invalid'), eq(auditLogs.entityId, request.headers['x-shopify-webhook-id'])));
    expect(audit).toMatchObject({ actor: 'webhook:shopify', entityType: 'webhook_delivery' });
    expect(audit!.newValues).toMatchObject({ provider: 'SHOPIFY', reason: 'invalid-signature', shopDomain: SHOP, topic: 'orders/create' });
    expect(await t.db.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, request.headers['x-shopify-event-id']))).toHaveLength(0);
    expect(await orderRow(1002)).toBeUndefined();
  });

  it('when a body is altered after signing, or the shop is unknown, or a header is missing, then 401 each time', async () => {
    const good = shopifyRequest(restOrder({ id: 1003, updatedAt: `${today}T09:00:05Z` }));
    expect((await t.app.inject({ ...good, payload: good.payload.replace('"quantity":1', '"quantity":9') })).statusCode).toBe(401);
    expect((await t.app.inject(shopifyRequest(restOrder({ id: 1003, updatedAt: `${today}T09:00:05Z` }), { shop: 'someone-else.myshopify.com' }))).statusCode).toBe(401);
    const { 'x-shopify-hmac-sha256': _omitted, ...withoutHmac } = good.headers;
    expect((await t.app.inject({ ...good, headers: withoutHmac })).statusCode).toBe(401);
    const refusals = await t.db.db.select().from(auditLogs).where(eq(auditLogs.actor, 'webhook:shopify'));
    expect(refusals.map((r) => (r.newValues as { reason: string }).reason)).toEqual(expect.arrayContaining(['invalid-signature', 'unknown-shop', 'missing-headers']));
  });

  it('when the same event is delivered twice (a replay), then it is processed once', async () => {
    const eventId = randomUUID();
    const first = await t.app.inject(shopifyRequest(restOrder({ id: 1004, updatedAt: `${today}T09:00:05Z`, quantity: 3 }), { eventId }));
    const replay = await t.app.inject(shopifyRequest(restOrder({ id: 1004, updatedAt: `${today}T09:00:05Z`, quantity: 3 }), { eventId }));
    expect(first.json()).toMatchObject({ status: 'accepted' });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual({ status: 'duplicate' });
    await processed((first.json() as { deliveryId: string }).deliveryId);
    expect(await t.db.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, eventId))).toHaveLength(1);
    const order = await orderRow(1004);
    const createdOnce = () => events.filter((e) => e.type === 'order.created' && (e.data as { orderId: string }).orderId === order!.id);
    await waitFor(async () => createdOnce().length > 0);
    expect(createdOnce()).toHaveLength(1);
  });

  it('when an older update arrives after a newer one, then the stale one is ignored', async () => {
    const create = await t.app.inject(shopifyRequest(restOrder({ id: 1005, updatedAt: `${today}T09:00:05Z` })));
    await processed((create.json() as { deliveryId: string }).deliveryId);
    const newer = await t.app.inject(shopifyRequest(restOrder({ id: 1005, updatedAt: `${today}T09:30:00Z`, financialStatus: 'voided', cancelledAt: `${today}T09:30:00Z` }), { topic: 'orders/cancelled' }));
    await processed((newer.json() as { deliveryId: string }).deliveryId);
    const older = await t.app.inject(shopifyRequest(restOrder({ id: 1005, updatedAt: `${today}T09:10:00Z`, quantity: 4 }), { topic: 'orders/updated' }));
    expect(older.json()).toMatchObject({ status: 'accepted' });
    await processed((older.json() as { deliveryId: string }).deliveryId);
    expect(await orderRow(1005)).toMatchObject({ status: 'CANCELLED', total: '34.9900' });
  });

  it('when two app instances receive the same event at the same moment, then exactly one accepts it', async () => {
    const secondJobs = createInProcessJobProvider({ db: t.db.db, definitions: [createProcessWebhookJob({ db: t.db.db, bus })], exclusiveDatabase: false });
    const secondClaims = process.env.REDIS_URL ? await createRedisDeliveryClaims({ redisUrl: process.env.REDIS_URL, prefix: redisPrefix }) : createDatabaseDeliveryClaims();
    const second = await createApp({ config: t.config, db: t.db, cache: t.cache, sessionSecret: randomBytes(32).toString('hex'), webDistDir: null, modules: [module(() => secondJobs, () => secondClaims)] });
    await second.ready();
    try {
      const eventId = randomUUID();
      const request = shopifyRequest(restOrder({ id: 1006, updatedAt: `${today}T09:00:05Z` }), { eventId });
      const answers = await Promise.all([t.app.inject(request), second.inject(request), t.app.inject(request), second.inject(request)]);
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200]);
      expect(answers.map((a) => (a.json() as { status: string }).status).sort()).toEqual(['accepted', 'duplicate', 'duplicate', 'duplicate']);
      const accepted = answers.map((a) => a.json() as { status: string; deliveryId: string }).find((a) => a.status === 'accepted')!;
      await processed(accepted.deliveryId);
      const cells = await t.db.db.select().from(dailySales).where(and(eq(dailySales.channelCode, 'SHOPIFY_UK'), eq(dailySales.salesDate, today)));
      expect(cells.reduce((n, c) => n + c.orders, 0)).toBe(3);
    } finally {
      await second.close();
      await secondClaims.close();
      await secondJobs.close({ graceMs: 100 });
    }
  });
});

describe('Shopify sandbox → webhook route over HTTP', () => {
  it('when the sandbox store sends its signed orders/create, a replay and a forged delivery, then the order is stored once and the forgery refused', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const sandbox = await startShopifySandbox({ stores: [generateShopifySandboxStore({ shopDomain: SHOP, currency: 'GBP', webhookSecret: SHOP_SECRET, orderCount: 3 })], webhookRetryDelaysMs: [] });
    try {
      const url = `${address}/api/webhooks/shopify`;
      const { order, delivery } = await sandbox.createLiveOrder(SHOP, { webhookUrl: url });
      expect(delivery!.attempts).toEqual([200]);
      expect(await sandbox.replayWebhook(delivery!, url)).toBe(200);
      const forged = await sandbox.emitWebhook({ shopDomain: SHOP, topic: 'orders/updated', url, resourceId: order.id, badSignature: true });
      expect(forged.attempts).toEqual([401]);

      const stored = await waitFor(async () => (await t.db.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, delivery!.eventId)))[0]);
      await processed(stored.id);
      const row = await orderRow(order.id);
      const units = order.lines.reduce((n, l) => n + l.quantity, 0);
      expect(row).toMatchObject({ channelCode: 'SHOPIFY_UK', orderNumber: order.name });
      // Over the Redis bus the event reaches this subscriber a moment after the row is written.
      const created = await waitFor(async () => {
        const found = events.filter((e) => e.type === 'order.created' && (e.data as { orderId: string }).orderId === row!.id);
        return found.length > 0 ? found : null;
      });
      expect(created).toHaveLength(1);
      expect(created[0]!.data).toMatchObject({ units });
    } finally {
      await sandbox.close();
    }
  });
});

describe('Shopify inventory_levels/update', () => {
  const levelBody = (itemId: number, input: { available: number; updatedAt: string; locationId?: number }) => ({
    inventory_item_id: itemId,
    location_id: input.locationId ?? stockLocation,
    available: input.available,
    updated_at: input.updatedAt,
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${input.locationId ?? stockLocation}?inventory_item_id=${itemId}`,
  });
  const send = async (body: unknown) => {
    const res = await t.app.inject(shopifyRequest(body, { topic: 'inventory_levels/update', shop: INVENTORY_SHOP, secret: INVENTORY_SECRET }));
    expect(res.statusCode, res.body).toBe(200);
    return processed((res.json() as { deliveryId: string }).deliveryId);
  };
  const stockOf = async (sku: string) => (await t.db.db.select().from(inventory).where(and(eq(inventory.sku, sku), eq(inventory.warehouseCode, 'SHOP-UK'))))[0];
  const mapRow = async (itemId: number, locationId = stockLocation) =>
    (await t.db.db.select().from(shopifyInventoryItems).where(and(eq(shopifyInventoryItems.connectionId, inventoryConnectionId), eq(shopifyInventoryItems.inventoryItemId, String(itemId)), eq(shopifyInventoryItems.locationId, String(locationId)))))[0];

  it('when the item was never synced, then the webhook is not dropped: the item is looked up through GraphQL, its level applied and the item remembered', async () => {
    const item = stockStore.inventoryItems[0]!;
    const level = item.levels[0]!;
    expect(await mapRow(item.id)).toBeUndefined();
    const updatedAt = new Date().toISOString();
    level.available = 120;
    level.updatedAt = updatedAt;
    await send(levelBody(item.id, { available: 120, updatedAt }));

    expect(await stockOf(item.sku)).toMatchObject({ quantityOnHand: 120 + level.committed + level.damaged, quantityReserved: level.committed });
    expect(await mapRow(item.id)).toMatchObject({ sku: item.sku, committed: level.committed, unavailable: level.damaged });
    // The store's other location (mapped to no warehouse) was remembered too, and the level at it ignored.
    expect(await mapRow(item.id, stockLocation + 1)).toMatchObject({ sku: item.sku });
    await waitFor(async () => events.some((e) => e.type === 'inventory.changed' && (e.data as { skuCodes: string[] }).skuCodes.includes(item.sku)));
  });

  it('when the inventory sync has run, then the map is learned per store and a webhook applies its available without a lookup; an older one is ignored', async () => {
    const sync = await syncConnectionResource({ db: t.db.db, bus, registry: integrationsRuntimeFor(t.db.db, undefined).registry }, { connectionId: inventoryConnectionId, resource: 'inventory', trigger: 'test' });
    expect(sync.status).toBe('succeeded');
    const remembered = await t.db.db.select().from(shopifyInventoryItems).where(eq(shopifyInventoryItems.connectionId, inventoryConnectionId));
    expect(remembered).toHaveLength(stockStore.inventoryItems.length * 2);

    const item = stockStore.inventoryItems[1]!;
    const level = item.levels[0]!;
    const synced = await stockOf(item.sku);
    expect(synced).toMatchObject({ quantityOnHand: level.available + level.committed + level.damaged, quantityReserved: level.committed });
    // The store changes committed meanwhile: a lookup would pick that up, the remembered level does not.
    const rememberedCommitted = level.committed;
    level.committed += 5;
    const newer = new Date(Date.parse(level.updatedAt) + 60_000).toISOString();
    await send(levelBody(item.id, { available: 7, updatedAt: newer }));
    expect(await stockOf(item.sku)).toMatchObject({ quantityOnHand: 7 + rememberedCommitted + level.damaged, quantityReserved: rememberedCommitted });

    const older = new Date(Date.parse(level.updatedAt) + 30_000).toISOString();
    await send(levelBody(item.id, { available: 300, updatedAt: older }));
    expect(await stockOf(item.sku)).toMatchObject({ quantityOnHand: 7 + rememberedCommitted + level.damaged });
  });

  it('when the store no longer has the item, then the delivery is acknowledged and nothing changes', async () => {
    const before = await t.db.db.select().from(inventory);
    const delivery = await send(levelBody(999_999, { available: 3, updatedAt: new Date().toISOString() }));
    expect(delivery?.status).toBe('PROCESSED');
    expect(await t.db.db.select().from(inventory)).toEqual(before);
  });
});

describe('POST /api/webhooks/amazon', () => {
  const envelope = (notificationId: string) => ({
    NotificationVersion: '1.0',
    NotificationType: 'ORDER_CHANGE',
    PayloadVersion: '1.0',
    EventTime: new Date().toISOString(),
    Payload: { OrderChangeNotification: { NotificationLevel: 'OrderLevel', SellerId: 'A3TH9S8BH6GOGM', AmazonOrderId: amazonOrderId, OrderChangeType: 'OrderStatusChange', Summary: { MarketplaceId: 'A1F83G8C2ARO7P', OrderStatus: 'Unshipped' } } },
    NotificationMetadata: { ApplicationId: 'amzn1.sellerapps.app.test', SubscriptionId: 's', PublishTime: new Date().toISOString(), NotificationId: notificationId },
  });

  it('when a notification comes with the connection key, then it is stored once per NotificationId (EventBridge-wrapped or bare)', async () => {
    const id = randomUUID();
    const bare = await t.app.inject({ method: 'POST', url: '/api/webhooks/amazon', headers: { 'x-api-key': AMAZON_KEY, 'content-type': 'application/json' }, payload: envelope(id) });
    expect(bare.json()).toMatchObject({ status: 'accepted' });
    const wrapped = await t.app.inject({ method: 'POST', url: '/api/webhooks/amazon', headers: { 'x-api-key': AMAZON_KEY, 'content-type': 'application/json' }, payload: { version: '0', 'detail-type': 'ORDER_CHANGE', source: 'aws.partner/sellingpartnerapi.amazon.com', detail: envelope(id) } });
    expect(wrapped.json()).toEqual({ status: 'duplicate' });
    const [row] = await t.db.db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.provider, 'AMAZON'), eq(webhookDeliveries.deliveryId, id)));
    expect(row).toMatchObject({ topic: 'ORDER_CHANGE', connectionId: amazonConnectionId });
  });

  it('when an FBA inventory change arrives, then the FBA warehouse stock follows it and dashboards are told; an older one is ignored', async () => {
    const inventoryEnvelope = (eventTime: string, fulfillable: number) => ({
      NotificationVersion: '1.0',
      NotificationType: 'FBA_INVENTORY_AVAILABILITY_CHANGES',
      PayloadVersion: '1.0',
      EventTime: eventTime,
      Payload: {
        SellerId: 'A3TH9S8BH6GOGM',
        SKU: 'GIN-PINK-70CL',
        FulfillmentInventoryByMarketplace: [
          { MarketplaceId: 'A1F83G8C2ARO7P', FulfillmentInventory: { Fulfillable: fulfillable, Unfulfillable: 2, Researching: 1, ReservedQuantityBreakdown: { TotalReservedQuantity: 4 }, InboundQuantityBreakdown: { Working: 0, Shipped: 10, Receiving: 0 } } },
        ],
      },
      NotificationMetadata: { ApplicationId: 'amzn1.sellerapps.app.test', SubscriptionId: 's', PublishTime: eventTime, NotificationId: randomUUID() },
    });
    const send = async (body: ReturnType<typeof inventoryEnvelope>) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/webhooks/amazon', headers: { 'x-api-key': AMAZON_KEY, 'content-type': 'application/json' }, payload: body });
      await processed((res.json() as { deliveryId: string }).deliveryId);
    };
    await send(inventoryEnvelope(`${today}T10:00:00Z`, 40));
    await send(inventoryEnvelope(`${today}T09:00:00Z`, 5));
    const [row] = await t.db.db.select().from(inventory).where(and(eq(inventory.sku, 'GIN-PINK-70CL'), eq(inventory.warehouseCode, 'FBA-UK')));
    expect(row).toMatchObject({ quantityOnHand: 47, quantityReserved: 4 });
    await waitFor(async () => events.some((e) => e.type === 'inventory.changed' && (e.data as { skuCodes: string[] }).skuCodes.includes('GIN-PINK-70CL')));
  });

  it('when the key is wrong or missing, then 401 and an audited refusal', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/webhooks/amazon', headers: { 'x-api-key': 'guess', 'content-type': 'application/json' }, payload: envelope(randomUUID()) });
    const missing = await t.app.inject({ method: 'POST', url: '/api/webhooks/amazon', headers: { 'content-type': 'application/json' }, payload: envelope(randomUUID()) });
    expect([wrong.statusCode, missing.statusCode]).toEqual([401, 401]);
    const refusals = await t.db.db.select().from(auditLogs).where(eq(auditLogs.actor, 'webhook:amazon'));
    expect(refusals.map((r) => (r.newValues as { reason: string }).reason).sort()).toEqual(['missing-api-key', 'unknown-api-key']);
  });

  it('when notifications are read from an SQS-shaped queue, then each reaches the pipeline once and every message is deleted', async () => {
    const id = randomUUID();
    const messages = [
      { receiptHandle: 'r1', body: JSON.stringify(envelope(id)) },
      { receiptHandle: 'r2', body: JSON.stringify(envelope(id)) },
      { receiptHandle: 'r3', body: 'not json' },
    ];
    const deleted: string[] = [];
    const queue = { receive: async () => messages, delete: async (handle: string) => void deleted.push(handle) };
    const service = createWebhooksService({ db: t.db.db, jobs: () => jobs, secrets: createConnectionWebhookSecrets({ db: t.db.db, decrypt }), claims, logger: { warn: () => {}, info: () => {} } });
    const result = await consumeAmazonQueue({ queue, service, connectionId: amazonConnectionId });
    expect(result).toMatchObject({ accepted: 1, duplicates: 1, failed: 0 });
    expect(result.malformed).toHaveLength(1);
    expect(deleted.sort()).toEqual(['r1', 'r2', 'r3']);
  });

  const amazonService = () => createWebhooksService({ db: t.db.db, jobs: () => jobs, secrets: createConnectionWebhookSecrets({ db: t.db.db, decrypt }), claims, logger: { warn: () => {}, info: () => {} } });
  const orderChangeDelivery = async (orderId: string) =>
    waitFor(async () => {
      const rows = await t.db.db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.provider, 'AMAZON'), eq(webhookDeliveries.topic, 'ORDER_CHANGE'), sql`${webhookDeliveries.payload}->'body'->'Payload'->'OrderChangeNotification'->>'AmazonOrderId' = ${orderId}`))
        .orderBy(desc(webhookDeliveries.receivedAt));
      return rows[0];
    });
  const amazonOrderRow = async (orderId: string) => (await t.db.db.select().from(orders).where(eq(orders.externalId, orderId)))[0];

  it('when the SQS queue delivers an ORDER_CHANGE for a new order, then the order is read through the connector and stored, dashboards are told, and a redelivery is a duplicate', async () => {
    const live = amazon.createLiveOrder({ marketplace: 'UK' });
    const orderId = live.order.AmazonOrderId;
    const consumed = await consumeAmazonQueue({ queue: amazon.notifications, service: amazonService(), connectionId: amazonConnectionId });
    expect(consumed).toMatchObject({ accepted: 1, duplicates: 0, failed: 0 });
    expect(amazon.notifications.pending()).toBe(0);

    const delivery = await orderChangeDelivery(orderId);
    await processed(delivery.id);
    const row = await amazonOrderRow(orderId);
    const total = (live.order as unknown as { OrderTotal: { Amount: string; CurrencyCode: string } }).OrderTotal;
    expect(row).toMatchObject({ channelCode: 'AMAZON_UK', currency: total.CurrencyCode, source: 'webhook:amazon' });
    expect(Number(row!.total)).toBeCloseTo(Number(total.Amount), 4);
    const created = await waitFor(async () => events.find((e) => e.type === 'order.created' && (e.data as { orderId: string }).orderId === row!.id));
    expect(created.data).toMatchObject({ channel: 'AMAZON_UK', units: live.items.reduce((n, i) => n + Number((i as { QuantityOrdered: number }).QuantityOrdered), 0) });
    await waitFor(async () => events.some((e) => e.type === 'kpi.updated' && e.seq > created.seq));

    // The getOrder / getOrderItems buckets were used, and the connection shows their headroom.
    const [connection] = await t.db.db.select({ health: integrationConnections.health }).from(integrationConnections).where(eq(integrationConnections.id, amazonConnectionId));
    expect((connection!.health as { rateLimit?: { detail: string } }).rateLimit?.detail).toMatch(/getOrder \d+\/30/);

    // SQS redelivers the same notification (at-least-once): accepted once, the second is a duplicate.
    const notificationId = (delivery.payload as { meta: { notificationId: string } }).meta.notificationId;
    amazon.emitOrderChange(orderId, { notificationId });
    expect(await consumeAmazonQueue({ queue: amazon.notifications, service: amazonService(), connectionId: amazonConnectionId })).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(events.filter((e) => e.type === 'order.created' && (e.data as { orderId: string }).orderId === row!.id)).toHaveLength(1);
  });

  it('when the order is cancelled at Amazon, then its ORDER_CHANGE brings the cancellation in and takes it out of daily sales', async () => {
    const live = amazon.createLiveOrder({ marketplace: 'DE' });
    const orderId = live.order.AmazonOrderId;
    await consumeAmazonQueue({ queue: amazon.notifications, service: amazonService(), connectionId: amazonConnectionId });
    await processed((await orderChangeDelivery(orderId)).id);
    const placed = await amazonOrderRow(orderId);
    expect(placed).toMatchObject({ channelCode: 'AMAZON_EU' });
    const day = placed!.orderedAt.toISOString().slice(0, 10);
    const cellOrders = async () => (await t.db.db.select().from(dailySales).where(and(eq(dailySales.channelCode, 'AMAZON_EU'), eq(dailySales.salesDate, day)))).reduce((n, c) => n + c.orders, 0);
    const before = await cellOrders();

    const later = new Date(Date.parse(live.order.LastUpdateDate) + 60_000).toISOString();
    amazon.upsertOrder({ ...live, order: { ...live.order, OrderStatus: 'Canceled', LastUpdateDate: later } });
    amazon.emitOrderChange(orderId);
    await consumeAmazonQueue({ queue: amazon.notifications, service: amazonService(), connectionId: amazonConnectionId });
    await waitFor(async () => (await amazonOrderRow(orderId))?.status === 'CANCELLED');
    expect(await cellOrders()).toBe(before - live.items.length);
  });

  it('when the demo queue is polled, then a new sandbox order and its ORDER_CHANGE reach the database and the dashboards within seconds, routed to the account of their marketplace', async () => {
    const usConnectionId = randomUUID();
    const route = (body: string) => amazonConnectionFor(body, { eu: amazonConnectionId, us: usConnectionId });
    const poller = pollAmazonQueue({ queue: amazon.notifications, service: amazonService(), connectionId: route, everyMs: 50 });
    try {
      const startedAt = Date.now();
      const live = amazon.createLiveOrder({ marketplace: 'DE' });
      const orderId = live.order.AmazonOrderId;
      const row = await waitFor(() => amazonOrderRow(orderId));
      expect(row).toMatchObject({ channelCode: 'AMAZON_EU', source: 'webhook:amazon' });
      expect((await orderChangeDelivery(orderId)).connectionId).toBe(amazonConnectionId);
      await waitFor(async () => events.some((e) => e.type === 'order.created' && (e.data as { orderId: string }).orderId === row.id));
      expect(Date.now() - startedAt).toBeLessThan(8000);
      expect(amazon.notifications.pending()).toBe(0);
    } finally {
      await poller.stop();
    }
    // A US marketplace's notification belongs to the US account; one from a marketplace of no account, or not a notification, to none.
    const body = (marketplaceId: string) => JSON.stringify({ NotificationType: 'ORDER_CHANGE', EventTime: new Date().toISOString(), Payload: { OrderChangeNotification: { SellerId: 'S', AmazonOrderId: '111-0000000-0000000', Summary: { MarketplaceId: marketplaceId } } }, NotificationMetadata: { NotificationId: randomUUID() } });
    expect([route(body('ATVPDKIKX0DER')), route(body('A1F83G8C2ARO7P')), route(body('A1VC38T7YXB528')), route('not json')]).toEqual([usConnectionId, amazonConnectionId, null, null]);
  });

  it('when the body is not a notification, then 400', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/webhooks/amazon', headers: { 'x-api-key': AMAZON_KEY, 'content-type': 'application/json' }, payload: { hello: 'world' } });
    expect(res.statusCode).toBe(400);
  });
});
