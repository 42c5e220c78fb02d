import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emptySyncCursor, normalisedInventoryLevelSchema, normalisedOrderSchema, type NormalisedOrder } from '@sentia/contracts/integrations';
import { type ShopifySandbox, generateShopifySandboxStore, startShopifySandbox } from '../sandbox/shopify-sandbox.ts';
import { createFakeClock, type FakeClock } from '../shared/clock.ts';
import { toDecimalString } from '../shared/decimal.ts';
import { type ShopifyClientOptions, type ShopifyStoreConfig, createShopifyClient, createShopifyStores } from './shopify-client.ts';

const uk = generateShopifySandboxStore({ shopDomain: 'sentia-uk.myshopify.com', currency: 'GBP', seed: 5, orderCount: 34 });
const us = generateShopifySandboxStore({ shopDomain: 'sentia-us.myshopify.com', currency: 'USD', seed: 9, orderCount: 21, idBase: 6_100_000_000_000 });
let sandbox: ShopifySandbox;
let clock: FakeClock;

beforeAll(async () => {
  clock = createFakeClock(Date.parse('2024-06-01T00:00:00Z'), { autoAdvance: true });
  sandbox = await startShopifySandbox({ stores: [uk, us], clock });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.faults.clear());

function storeConfig(store: typeof uk, overrides: Partial<ShopifyStoreConfig> = {}): ShopifyStoreConfig {
  return {
    shopDomain: store.shopDomain,
    accessToken: store.accessToken,
    webhookSecret: store.webhookSecret,
    channel: store.currency === 'USD' ? 'SHOPIFY_US' : 'SHOPIFY_UK',
    region: store.currency === 'USD' ? 'US' : 'UK',
    baseUrl: sandbox.baseUrlFor(store.shopDomain),
    ...overrides,
  };
}
const client = (overrides: Partial<ShopifyStoreConfig> = {}, options: ShopifyClientOptions = {}) =>
  createShopifyClient(storeConfig(uk, overrides), { clock, retry: { baseDelayMs: 10 }, ...options });

async function collect(generator: AsyncGenerator<{ records: NormalisedOrder[] }>) {
  const out: NormalisedOrder[] = [];
  for await (const page of generator) out.push(...page.records);
  return out;
}

describe('Shopify connector against the sandbox', () => {
  it('when one inventory item is asked for (an inventory_levels/update naming it), then its SKU and every level come back with full quantities; an unknown item is null', async () => {
    const item = uk.inventoryItems[2]!;
    const found = await client().getInventoryItem(`gid://shopify/InventoryItem/${item.id}`);
    expect(found?.sku).toBe(item.sku);
    expect(found?.levels.map((l) => normalisedInventoryLevelSchema.parse(l))).toHaveLength(item.levels.length);
    const first = item.levels[0]!;
    expect(found?.levels[0]).toMatchObject({
      sourceId: `gid://shopify/InventoryLevel/${first.locationId}?inventory_item_id=${item.id}`,
      locationId: `gid://shopify/Location/${first.locationId}`,
      sku: item.sku,
      available: String(first.available),
      reserved: String(first.committed),
      onHand: String(first.available + first.committed + first.damaged),
    });
    expect(await client().getInventoryItem('gid://shopify/InventoryItem/1')).toBeNull();
  });

  it('when two stores sync, then each returns its own orders with currency, channel, totals, discounts and refunds', async () => {
    const stores = createShopifyStores([storeConfig(uk), storeConfig(us)], { clock, retry: { baseDelayMs: 10 } });
    const ukOrders = await collect(stores.client('sentia-uk.myshopify.com').syncOrders(emptySyncCursor));
    const usOrders = await collect(stores.client('SENTIA-US.myshopify.com').syncOrders(emptySyncCursor));
    expect(ukOrders).toHaveLength(uk.orders.length);
    expect(usOrders).toHaveLength(us.orders.length);
    for (const o of [...ukOrders, ...usOrders]) normalisedOrderSchema.parse(o);
    expect(new Set(ukOrders.map((o) => o.currency))).toEqual(new Set(['GBP']));
    expect(new Set(usOrders.map((o) => `${o.channel}/${o.region}/${o.currency}/${o.account}`))).toEqual(new Set(['SHOPIFY_US/US/USD/sentia-us.myshopify.com']));
    const source = uk.orders[0];
    const mapped = ukOrders.find((o) => o.sourceId === `gid://shopify/Order/${source?.id}`);
    expect(mapped?.lines.map((l) => [l.sku, l.quantity, l.unitPrice, l.discount])).toEqual(
      source?.lines.map((l) => [l.sku, String(l.quantity), toDecimalString(l.unitPrice, 'unitPrice'), toDecimalString(l.discount, 'discount')]),
    );
    const withRefund = uk.orders.find((o) => o.refunds.length > 0);
    expect(withRefund).toBeDefined();
    const r = ukOrders.find((o) => o.sourceId === `gid://shopify/Order/${withRefund?.id}`);
    expect(r?.refunds).toHaveLength(1);
    expect(r?.refunds[0]?.lines[0]?.sku).toBe(withRefund?.lines[0]?.sku);
    expect(r?.refunds[0]?.amount).toBe(toDecimalString(withRefund?.lines[0]?.unitPrice, 'refund'));
    expect(stores.secretForShop('sentia-us.myshopify.com')).toBe(us.webhookSecret);
    expect(() => stores.client('other.myshopify.com')).toThrow(/no Shopify connection/);
  });

  it('when an order has more lines than one page, then the remaining lines are fetched', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => ({ id: 9_000_000 + i, sku: `SKU-${i}`, title: `Line ${i}`, quantity: 1, unitPrice: '1.50', discount: '0.00', tax: '0.25', inventoryItemId: null }));
    sandbox.upsertOrder(uk.shopDomain, { id: 8_888_888, name: '#9999', createdAt: '2024-07-01T00:00:00.000Z', updatedAt: '2024-07-01T00:00:00.000Z', cancelledAt: null, financialStatus: 'PAID', fulfillmentStatus: 'UNFULFILLED', shipping: '0.00', taxesIncluded: true, lines, refunds: [] });
    const page = await client().getOrdersPage({ updatedSince: '2024-06-30T00:00:00.000Z', after: null });
    expect(page.orders).toHaveLength(1);
    expect(page.orders[0]?.lines).toHaveLength(30);
    expect(page.orders[0]?.total).toBe('45');
    uk.orders.pop();
  });

  it('when re-run from the stored cursor, then only orders inside the overlap come back', async () => {
    let cursor = emptySyncCursor;
    for await (const page of client().syncOrders(emptySyncCursor)) cursor = page.cursor;
    const max = Math.max(...uk.orders.map((o) => Date.parse(o.updatedAt)));
    expect(cursor.watermark).toBe(new Date(max).toISOString());
    const again = await collect(client().syncOrders(cursor));
    expect(again.map((o) => o.sourceId).sort()).toEqual(uk.orders.filter((o) => Date.parse(o.updatedAt) >= max - 300_000).map((o) => `gid://shopify/Order/${o.id}`).sort());
  });

  it('when reading inventory, then there is one level per item and location with on-hand, available, committed and incoming', async () => {
    const levels = [];
    for await (const page of client().syncInventory(emptySyncCursor)) levels.push(...page.records);
    expect(levels).toHaveLength(uk.inventoryItems.length * 2);
    for (const l of levels) normalisedInventoryLevelSchema.parse(l);
    const item = uk.inventoryItems[0];
    const level = levels.find((l) => l.sku === item?.sku && l.locationName === 'Distillery Warehouse');
    const src = item?.levels[0];
    expect(level).toMatchObject({ available: String(src?.available), reserved: String(src?.committed), inbound: String(src?.incoming), onHand: String((src?.available ?? 0) + (src?.committed ?? 0) + (src?.damaged ?? 0)) });
  });

  it('when the cost bucket runs low, then the client waits (requested − available)/restoreRate before querying instead of being throttled', async () => {
    const small = await startShopifySandbox({ stores: [generateShopifySandboxStore({ shopDomain: 'tiny.myshopify.com', currency: 'GBP', orderCount: 40 })], clock, bucketSize: 700, restoreRate: 50 });
    try {
      const store = generateShopifySandboxStore({ shopDomain: 'tiny.myshopify.com', currency: 'GBP', orderCount: 40 });
      const c = createShopifyClient({ shopDomain: store.shopDomain, accessToken: store.accessToken, webhookSecret: '', channel: 'SHOPIFY_UK', region: 'UK', baseUrl: small.baseUrlFor(store.shopDomain) }, { clock });
      const sleeps = clock.sleeps.length;
      await c.getOrdersPage({ updatedSince: null, after: null });
      const afterFirst = c.health().throttle;
      await c.getOrdersPage({ updatedSince: null, after: null });
      const expected = Math.ceil(((662 - (afterFirst?.currentlyAvailable ?? 0)) / 50) * 1000);
      expect(clock.sleeps.slice(sleeps)).toEqual([expected]);
      expect(small.faults.requests.map((r) => r.status)).toEqual([200, 200]);
    } finally {
      await small.close();
    }
  });

  it('when Shopify answers THROTTLED (HTTP 200), then the client waits for the bucket to refill and retries', async () => {
    const store = generateShopifySandboxStore({ shopDomain: 'busy.myshopify.com', currency: 'GBP', orderCount: 40 });
    const busy = await startShopifySandbox({ stores: [store], clock, bucketSize: 700, restoreRate: 50 });
    try {
      const config = { shopDomain: store.shopDomain, accessToken: store.accessToken, webhookSecret: '', channel: 'SHOPIFY_UK' as const, region: 'UK' as const, baseUrl: busy.baseUrlFor(store.shopDomain) };
      await createShopifyClient(config, { clock }).getOrdersPage({ updatedSince: null, after: null });
      // A second client (another worker) knows nothing of the drained bucket.
      const fresh = createShopifyClient(config, { clock });
      const sleeps = clock.sleeps.length;
      const page = await fresh.getOrdersPage({ updatedSince: null, after: null });
      expect(page.orders.length).toBeGreaterThan(0);
      expect(busy.faults.requests).toHaveLength(3);
      expect(clock.sleeps.length - sleeps).toBe(1);
      expect(clock.sleeps.at(-1)).toBeGreaterThan(0);
    } finally {
      await busy.close();
    }
  });

  it('when a query asks for more than 1000 points, then MAX_COST_EXCEEDED is a non-retried BAD_REQUEST', async () => {
    const before = sandbox.faults.requests.length;
    await expect(client({ ordersPageSize: 250 }).getOrdersPage({ updatedSince: null, after: null })).rejects.toMatchObject({ code: 'BAD_REQUEST', vendorCode: 'MAX_COST_EXCEEDED' });
    expect(sandbox.faults.requests.length - before).toBe(1);
  });

  it('when Shopify answers 429 with Retry-After: 2.0, then the client waits 2 s and succeeds', async () => {
    sandbox.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 2.0 });
    const sleeps = clock.sleeps.length;
    await client().getInventoryPage({ after: null });
    expect(clock.sleeps.slice(sleeps)).toEqual([2000]);
  });

  it('when 5xx persist, then the Shopify breaker opens after 3 failures, the call ends CIRCUIT_OPEN, and a trial after 60 s closes it', async () => {
    const c = client();
    sandbox.faults.inject({ kind: 'server-error', status: 503 }, 5);
    const before = sandbox.faults.requests.length;
    await expect(c.getInventoryPage({ after: null })).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(sandbox.faults.requests.length - before).toBe(3);
    expect(c.health().breaker.state).toBe('open');
    sandbox.faults.clear();
    clock.set(clock.now() + 60_000);
    expect(c.health().breaker.state).toBe('half-open');
    await c.getInventoryPage({ after: null });
    expect(c.health().breaker.state).toBe('closed');
  });

  it('when 5xx happen below the breaker threshold, then retries recover the call', async () => {
    sandbox.faults.inject({ kind: 'server-error', status: 500 }, 2);
    const c = client();
    await expect(c.getInventoryPage({ after: null })).resolves.toMatchObject({ hasNextPage: expect.any(Boolean) });
    expect(c.health().breaker.state).toBe('closed');
  });

  it('when the body is malformed, the token is wrong or the response is slow, then typed errors come back', async () => {
    sandbox.faults.inject({ kind: 'malformed' });
    await expect(client().getOrdersPage({ updatedSince: null, after: null })).rejects.toMatchObject({ code: 'MALFORMED_RESPONSE' });
    await expect(client({ accessToken: 'shpat_wrong' }).getOrdersPage({ updatedSince: null, after: null })).rejects.toMatchObject({ code: 'AUTH_FAILED', status: 401 });
    sandbox.faults.inject({ kind: 'slow', delayMs: 300 });
    await expect(client({}, { clock, timeoutMs: 100, retry: { maxRetries: 0 } }).getOrdersPage({ updatedSince: null, after: null })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('when asked for an unsupported API version, then the sandbox falls forward and says which version served it', async () => {
    const result = await client({ apiVersion: '2023-01' }).graphql('query { orders(first: 1) { nodes { id } } }', { first: 1, lineItemsFirst: 1, refundLinesFirst: 1 }, 10);
    expect(result.apiVersion).toBe('2025-01');
    expect(result.cost?.throttleStatus.maximumAvailable).toBe(1000);
  });

  it('when the shop domain is not a myshopify domain, then INVALID_CONFIG', () => {
    expect(() => client({ shopDomain: 'evil.example.com' })).toThrow(/myshopify/);
  });
});
