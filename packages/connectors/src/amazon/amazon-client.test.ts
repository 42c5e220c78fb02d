import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emptySyncCursor, normalisedInventoryLevelSchema, normalisedOrderSchema, type NormalisedOrder } from '@sentia/contracts/integrations';
import { type AmazonSandbox, amazonSandboxCredentials, generateAmazonSandboxData, startAmazonSandbox } from '../sandbox/amazon-sandbox.ts';
import { createFakeClock, type FakeClock } from '../shared/clock.ts';
import { toDecimalString } from '../shared/decimal.ts';
import { type AmazonClientOptions, type AmazonConnectionConfig, createAmazonClient } from './amazon-client.ts';

const data = generateAmazonSandboxData({ seed: 11, orderCount: 45 });
const fastPlans = {
  getOrders: { ratePerSecond: 1000, burst: 1000 },
  getOrderItems: { ratePerSecond: 1000, burst: 1000 },
  searchOrders: { ratePerSecond: 1000, burst: 1000 },
  getInventorySummaries: { ratePerSecond: 1000, burst: 1000 },
};
let sandbox: AmazonSandbox;
let clock: FakeClock;

beforeAll(async () => {
  clock = createFakeClock(Date.parse('2024-06-01T00:00:00Z'), { autoAdvance: true });
  sandbox = await startAmazonSandbox({ data, clock, usagePlans: fastPlans });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.faults.clear());

function client(overrides: Partial<AmazonConnectionConfig> = {}, options: AmazonClientOptions = {}) {
  return createAmazonClient(
    {
      account: 'eu-seller',
      region: 'eu',
      endpoint: sandbox.url,
      tokenUrl: `${sandbox.url}/auth/o2/token`,
      ...amazonSandboxCredentials,
      marketplaces: ['UK', 'DE'],
      usagePlans: fastPlans,
      maxResultsPerPage: 10,
      ...overrides,
    },
    { clock, retry: { baseDelayMs: 10 }, ...options },
  );
}

async function collect(generator: AsyncGenerator<{ records: NormalisedOrder[] }>) {
  const out: NormalisedOrder[] = [];
  for await (const page of generator) out.push(...page.records);
  return out;
}

const euOrders = data.orders.filter((o) => o.order.MarketplaceId !== 'ATVPDKIKX0DER');

describe('Amazon SP-API connector against the sandbox', () => {
  it('when syncing orders from scratch (v0), then every UK/DE order arrives once, paged, with items and exact decimals', async () => {
    const orders = await collect(client().syncOrders(emptySyncCursor));
    expect(orders).toHaveLength(euOrders.length);
    expect(new Set(orders.map((o) => o.sourceId)).size).toBe(euOrders.length);
    for (const order of orders) normalisedOrderSchema.parse(order);
    const sample = euOrders.find((o) => o.order.OrderTotal && o.items.length > 0);
    const mapped = orders.find((o) => o.sourceId === sample?.order.AmazonOrderId);
    expect(mapped?.total).toBe(toDecimalString((sample?.order.OrderTotal as { Amount: string }).Amount, 'OrderTotal'));
    expect(mapped?.lines).toHaveLength(sample?.items.length ?? -1);
    const firstItem = sample?.items[0] as { ItemPrice: { Amount: string }; QuantityOrdered: number; SellerSKU: string };
    expect(mapped?.lines[0]).toMatchObject({ sku: firstItem.SellerSKU, quantity: String(firstItem.QuantityOrdered) });
    expect(mapped?.lines[0]?.lineTotal).toBe(toDecimalString(firstItem.ItemPrice.Amount, 'ItemPrice'));
    const uk = orders.find((o) => o.channel === 'AMAZON_UK');
    expect(uk).toMatchObject({ region: 'UK', currency: 'GBP' });
    const de = orders.find((o) => o.channel === 'AMAZON_EU');
    expect(de).toMatchObject({ region: 'EU', currency: 'EUR' });
    const pending = orders.find((o) => o.status === 'Pending');
    expect(pending).toMatchObject({ total: null, statusCategory: 'pending' });
    expect(pending?.lines.every((l) => l.unitPrice === null)).toBe(true);
    const getOrdersCalls = sandbox.faults.requests.filter((r) => r.path === '/orders/v0/orders' && r.status === 200).length;
    expect(getOrdersCalls).toBeGreaterThanOrEqual(Math.ceil(euOrders.length / 10));
  });

  it('when the US marketplace is synced through an NA connection, then only US orders arrive, in USD on AMAZON_US', async () => {
    const orders = await collect(client({ region: 'na', account: 'na-seller', marketplaces: ['US'] }).syncOrders(emptySyncCursor));
    const us = data.orders.filter((o) => o.order.MarketplaceId === 'ATVPDKIKX0DER');
    expect(us.length).toBeGreaterThan(0);
    expect(orders.map((o) => o.sourceId).sort()).toEqual(us.map((o) => o.order.AmazonOrderId).sort());
    expect(new Set(orders.map((o) => `${o.channel}/${o.region}/${o.currency}/${o.account}`))).toEqual(new Set(['AMAZON_US/US/USD/na-seller']));
  });

  it('when the v2026-01-01 mapping is selected, then it yields the same orders, totals and lines as v0', async () => {
    const v0 = await collect(client().syncOrders(emptySyncCursor));
    const v26 = await collect(client({ ordersApiVersion: '2026-01-01' }).syncOrders(emptySyncCursor));
    const key = (o: NormalisedOrder) => `${o.sourceId}|${o.total}|${o.currency}|${o.statusCategory}|${o.lines.map((l) => `${l.sku}x${l.quantity}@${l.lineTotal}`).join(',')}`;
    expect(v26.map(key).sort()).toEqual(v0.map(key).sort());
    expect(sandbox.faults.requests.some((r) => r.path === '/orders/2026-01-01/orders')).toBe(true);
  });

  it('when re-run from the stored cursor, then only orders inside the overlap window come back', async () => {
    let cursor = emptySyncCursor;
    for await (const page of client().syncOrders(emptySyncCursor)) cursor = page.cursor;
    const maxUpdated = Math.max(...euOrders.map((o) => Date.parse(o.order.LastUpdateDate)));
    expect(cursor.watermark).toBe(new Date(maxUpdated).toISOString());
    const again = await collect(client().syncOrders(cursor));
    const expected = euOrders.filter((o) => Date.parse(o.order.LastUpdateDate) >= maxUpdated - 5 * 60_000);
    expect(again.map((o) => o.sourceId).sort()).toEqual(expected.map((o) => o.order.AmazonOrderId).sort());
    // Same source data → identical records, so the server's upserts of the overlap change nothing.
    const firstRun = await collect(client().syncOrders(emptySyncCursor));
    for (const order of again) expect(order).toEqual(firstRun.find((o) => o.sourceId === order.sourceId));
  });

  it('when reading FBA inventory, then levels carry on-hand, available, reserved and inbound per SKU and marketplace', async () => {
    const levels = [];
    for await (const page of client().syncInventory('UK', emptySyncCursor)) levels.push(...page.records);
    const source = data.inventory.A1F83G8C2ARO7P ?? [];
    expect(levels).toHaveLength(source.length);
    for (const level of levels) normalisedInventoryLevelSchema.parse(level);
    const first = source[0] as unknown as { sellerSku: string; inventoryDetails: { fulfillableQuantity: number; inboundShippedQuantity: number } };
    expect(levels.find((l) => l.sku === first.sellerSku)).toMatchObject({
      locationId: 'A1F83G8C2ARO7P',
      region: 'UK',
      available: String(first.inventoryDetails.fulfillableQuantity),
      inbound: String(first.inventoryDetails.inboundShippedQuantity),
    });
  });

  it('when an inventory run resumes after its FBA nextToken expired, then it starts that marketplace over once and completes', async () => {
    const paged = await startAmazonSandbox({ data, clock, usagePlans: fastPlans, fbaPageSize: 4 });
    try {
      const c = createAmazonClient({ account: 'eu', region: 'eu', endpoint: paged.url, tokenUrl: `${paged.url}/auth/o2/token`, ...amazonSandboxCredentials, marketplaces: ['UK'], usagePlans: fastPlans }, { clock, retry: { baseDelayMs: 1 } });
      let cursor = emptySyncCursor;
      const firstRun = [];
      for await (const page of c.syncInventory('UK', emptySyncCursor, { maxPages: 1 })) {
        firstRun.push(...page.records);
        cursor = page.cursor;
      }
      expect(firstRun).toHaveLength(4);
      expect(cursor.pageToken).not.toBeNull();
      clock.set(clock.now() + 31_000);
      const resumed = [];
      for await (const page of c.syncInventory('UK', cursor)) resumed.push(...page.records);
      expect(new Set(resumed.map((l) => l.sku)).size).toBe(data.inventory.A1F83G8C2ARO7P?.length);
      expect(paged.faults.requests.filter((r) => r.path.startsWith('/fba')).map((r) => r.status)).toEqual([200, 400, 200, 200, 200]);
    } finally {
      await paged.close();
    }
  });

  it('when the access token is cached, then one LWA exchange serves many calls until shortly before expiry', async () => {
    const c = client();
    const before = sandbox.tokenExchanges();
    await c.getInventorySummariesPage({ marketplace: 'UK' });
    await c.getInventorySummariesPage({ marketplace: 'DE' });
    expect(sandbox.tokenExchanges()).toBe(before + 1);
    clock.set(clock.now() + 3_541_000);
    await c.getInventorySummariesPage({ marketplace: 'UK' });
    expect(sandbox.tokenExchanges()).toBe(before + 2);
  });

  it('when SP-API says the token expired, then the client exchanges a new one and the call succeeds', async () => {
    const c = client();
    await c.getInventorySummariesPage({ marketplace: 'UK' });
    sandbox.expireAccessTokens();
    const before = sandbox.tokenExchanges();
    await expect(c.getInventorySummariesPage({ marketplace: 'UK' })).resolves.toBeDefined();
    expect(sandbox.tokenExchanges()).toBe(before + 1);
  });

  it('when the refresh token is wrong, then AUTH_FAILED with invalid_grant is thrown without retries', async () => {
    const before = sandbox.faults.requests.length;
    await expect(client({ refreshToken: 'Atzr|wrong' }).getInventorySummariesPage({ marketplace: 'UK' })).rejects.toMatchObject({ code: 'AUTH_FAILED', vendorCode: 'invalid_grant' });
    expect(sandbox.faults.requests.length - before).toBe(1);
  });

  it('when SP-API answers 429 QuotaExceeded twice, then the client backs off 2× then 4× base and succeeds', async () => {
    sandbox.faults.inject({ kind: 'rate-limit' }, 2);
    const sleepsBefore = clock.sleeps.length;
    const page = await client().getInventorySummariesPage({ marketplace: 'UK' });
    expect(page.levels.length).toBeGreaterThan(0);
    expect(clock.sleeps.slice(sleepsBefore)).toEqual([10, 20]);
    expect(sandbox.faults.requests.slice(-3).map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('when the sandbox bucket runs dry, then it answers 429 without a rate header and the client recovers', async () => {
    const tight = await startAmazonSandbox({ data, clock, usagePlans: { getInventorySummaries: { ratePerSecond: 2, burst: 2 } } });
    try {
      const c = createAmazonClient(
        { account: 'eu', region: 'eu', endpoint: tight.url, tokenUrl: `${tight.url}/auth/o2/token`, ...amazonSandboxCredentials, marketplaces: ['UK'], usagePlans: { getInventorySummaries: { ratePerSecond: 1000, burst: 1000 } } },
        { clock, retry: { baseDelayMs: 600 } },
      );
      for (let i = 0; i < 3; i += 1) await c.getInventorySummariesPage({ marketplace: 'UK' });
      expect(tight.faults.requests.filter((r) => r.path.startsWith('/fba')).map((r) => r.status)).toEqual([200, 200, 429, 200]);
      // The 200 carried x-amzn-RateLimit-Limit: 2, so the client's bucket now follows the real rate.
      expect(c.health().rateLimits.getInventorySummaries?.ratePerSecond).toBe(2);
    } finally {
      await tight.close();
    }
  });

  it('when the client plan allows 2 calls per second, then the third call waits for a refill instead of being throttled', async () => {
    const c = client({ usagePlans: { ...fastPlans, getInventorySummaries: { ratePerSecond: 2, burst: 2 } } });
    const sleepsBefore = clock.sleeps.length;
    await c.getInventorySummariesPage({ marketplace: 'UK' });
    await c.getInventorySummariesPage({ marketplace: 'UK' });
    // Two calls drained the 2-token bucket; the third waits one refill at the rate the sandbox
    // announced in x-amzn-RateLimit-Limit (1000/s here), i.e. 1 ms.
    await c.getInventorySummariesPage({ marketplace: 'UK' });
    expect(clock.sleeps.slice(sleepsBefore)).toEqual([1]);
    expect(sandbox.faults.requests.slice(-3).map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('when SP-API keeps answering 5xx, then the call is retried 3 times and fails with SERVER_ERROR', async () => {
    sandbox.faults.inject({ kind: 'server-error', status: 503 }, 4);
    await expect(client().getInventorySummariesPage({ marketplace: 'UK' })).rejects.toMatchObject({ code: 'SERVER_ERROR', status: 503, vendorCode: 'ServiceUnavailable' });
    expect(sandbox.faults.pending()).toBe(0);
  });

  it('when 5 calls fail within 60 s, then the breaker opens, fails fast, half-opens after 30 s and closes on success', async () => {
    const c = client({}, { clock, retry: { maxRetries: 0 } });
    await c.getInventorySummariesPage({ marketplace: 'UK' });
    sandbox.faults.inject({ kind: 'server-error' }, 5);
    for (let i = 0; i < 5; i += 1) await expect(c.getInventorySummariesPage({ marketplace: 'UK' })).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    expect(c.health().breaker.state).toBe('open');
    const served = sandbox.faults.requests.length;
    await expect(c.getInventorySummariesPage({ marketplace: 'UK' })).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(sandbox.faults.requests.length).toBe(served);
    clock.set(clock.now() + 30_000);
    expect(c.health().breaker.state).toBe('half-open');
    await c.getInventorySummariesPage({ marketplace: 'UK' });
    expect(c.health().breaker.state).toBe('closed');
  });

  it('when the body is malformed JSON, then MALFORMED_RESPONSE is thrown and the client keeps working', async () => {
    sandbox.faults.inject({ kind: 'malformed' }, 1);
    await expect(client().getOrdersPage({ lastUpdatedAfter: '2024-05-01T00:00:00Z', pageToken: null })).rejects.toMatchObject({ code: 'MALFORMED_RESPONSE' });
    await expect(client().getOrdersPage({ lastUpdatedAfter: '2024-05-01T00:00:00Z', pageToken: null })).resolves.toMatchObject({ orders: expect.any(Array) });
  });

  it('when the app is refused (bad credentials for the seller), then AUTH_FAILED is thrown once, unretried', async () => {
    sandbox.faults.inject({ kind: 'bad-signature' }, 1);
    await expect(client().getInventorySummariesPage({ marketplace: 'UK' })).rejects.toMatchObject({ code: 'AUTH_FAILED', status: 403 });
    expect(sandbox.faults.pending()).toBe(0);
  });

  it('when a response is slower than the timeout, then TIMEOUT is thrown', async () => {
    sandbox.faults.inject({ kind: 'slow', delayMs: 300 }, 1);
    await expect(client({}, { clock, timeoutMs: 100, retry: { maxRetries: 0 } }).getInventorySummariesPage({ marketplace: 'UK' })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('when getOrders breaks its rules or an FBA nextToken is stale, then the sandbox answers 400 InvalidInput', async () => {
    const tokenRes = await fetch(`${sandbox.url}/auth/o2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: amazonSandboxCredentials.refreshToken, client_id: amazonSandboxCredentials.clientId, client_secret: amazonSandboxCredentials.clientSecret }),
    });
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    const headers = { 'x-amz-access-token': token, 'user-agent': 'Test/1.0 (Language=TypeScript)' };
    const noDate = await fetch(`${sandbox.url}/orders/v0/orders?MarketplaceIds=A1F83G8C2ARO7P`, { headers });
    expect(noDate.status).toBe(400);
    expect(await noDate.json()).toMatchObject({ errors: [{ code: 'InvalidInput' }] });
    const both = await fetch(`${sandbox.url}/orders/v0/orders?MarketplaceIds=A1F83G8C2ARO7P&CreatedAfter=2024-05-01T00:00:00Z&LastUpdatedAfter=2024-05-01T00:00:00Z`, { headers });
    expect(both.status).toBe(400);
    const missing = await fetch(`${sandbox.url}/orders/v0/orders?MarketplaceIds=A1F83G8C2ARO7P&CreatedAfter=2024-05-01T00:00:00Z`);
    expect(await missing.json()).toMatchObject({ errors: [{ code: 'Unauthorized', details: 'Access token is missing in the request header.' }] });
    const stale = Buffer.from(JSON.stringify({ offset: 1, issuedAt: clock.now() - 31_000 })).toString('base64url');
    const staleRes = await fetch(`${sandbox.url}/fba/inventory/v1/summaries?granularityType=Marketplace&granularityId=A1F83G8C2ARO7P&marketplaceIds=A1F83G8C2ARO7P&nextToken=${stale}`, { headers });
    expect(staleRes.status).toBe(400);
  });

  it('when the connection mixes regions, then INVALID_CONFIG is thrown before any call', () => {
    expect(() => client({ marketplaces: ['UK', 'US'] })).toThrow(/served by the na host/);
  });
});
