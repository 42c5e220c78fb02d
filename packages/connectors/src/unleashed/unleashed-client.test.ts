import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  emptySyncCursor,
  normalisedAssemblySchema,
  normalisedBillOfMaterialsSchema,
  normalisedInventoryLevelSchema,
  normalisedOrderSchema,
  normalisedProductSchema,
  normalisedPurchaseOrderSchema,
  normalisedSupplierSchema,
  normalisedWarehouseSchema,
} from '@sentia/contracts/integrations';
import { type UnleashedSandbox, generateUnleashedSandboxData, startUnleashedSandbox, unleashedSandboxCredentials } from '../sandbox/unleashed-sandbox.ts';
import { createFakeClock, type FakeClock } from '../shared/clock.ts';
import { toDecimalString } from '../shared/decimal.ts';
import { createMonthlyQuota } from './monthly-quota.ts';
import { type UnleashedClientOptions, type UnleashedConnectionConfig, type UnleashedResourceName, createUnleashedClient } from './unleashed-client.ts';

const data = generateUnleashedSandboxData({ seed: 23, salesOrderCount: 25 });
let sandbox: UnleashedSandbox;
let clock: FakeClock;

beforeAll(async () => {
  clock = createFakeClock(Date.parse('2024-06-01T00:00:00Z'), { autoAdvance: true });
  sandbox = await startUnleashedSandbox({ data });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.faults.clear());

const client = (overrides: Partial<UnleashedConnectionConfig> = {}, options: UnleashedClientOptions = {}) =>
  createUnleashedClient({ ...unleashedSandboxCredentials, baseUrl: sandbox.url, pageSize: 7, clientType: 'sentia/dashboardsync', ...overrides }, { clock, retry: { baseDelayMs: 10 }, ...options });

async function all<K extends UnleashedResourceName>(resource: K, c = client(), cursor = emptySyncCursor) {
  const records = [];
  let last = cursor;
  for await (const page of c.sync(resource, cursor)) {
    records.push(...page.records);
    last = page.cursor;
  }
  return { records, cursor: last };
}

describe('Unleashed connector against the sandbox', () => {
  it('when syncing every resource, then each arrives complete, paged by path, signed, and valid', async () => {
    const before = sandbox.faults.requests.length;
    const products = (await all('products')).records;
    expect(products).toHaveLength(data.products.length);
    products.forEach((p) => normalisedProductSchema.parse(p));
    const suppliers = (await all('suppliers')).records;
    expect(suppliers).toHaveLength(3);
    suppliers.forEach((s) => normalisedSupplierSchema.parse(s));
    const warehouses = (await all('warehouses')).records;
    expect(warehouses.map((w) => w.code).sort()).toEqual(['BOND', 'DIST']);
    warehouses.forEach((w) => normalisedWarehouseSchema.parse(w));
    const pos = (await all('purchaseOrders')).records;
    expect(pos).toHaveLength(data.purchaseOrders.length);
    pos.forEach((p) => normalisedPurchaseOrderSchema.parse(p));
    const assemblies = (await all('assemblies')).records;
    expect(assemblies).toHaveLength(data.assemblies.length);
    assemblies.forEach((a) => normalisedAssemblySchema.parse(a));
    const boms = (await all('billsOfMaterials')).records;
    expect(boms).toHaveLength(9);
    boms.forEach((b) => normalisedBillOfMaterialsSchema.parse(b));
    expect(boms[0]?.lines.map((l) => l.sku)).toContain('CORK-T-TOP');
    const requests = sandbox.faults.requests.slice(before);
    expect(requests.every((r) => r.status === 200)).toBe(true);
    expect(requests.some((r) => r.path === '/Products/2')).toBe(true);
    expect(requests.some((r) => r.path === '/BillOfMaterials')).toBe(true);
    // Paged by path like the rest: 8 assemblies at 7 a page are two pages.
    expect(requests.filter((r) => r.path.startsWith('/Assemblies')).map((r) => r.path)).toEqual(['/Assemblies/1', '/Assemblies/2']);
    expect(sandbox.clientTypes()).toContain('sentia/dashboardsync');
  });

  it('when syncing sales orders, then Deleted ones are left out and money, quantities and dates are exact', async () => {
    const { records } = await all('salesOrders');
    const expected = data.salesOrders.filter((o) => o.OrderStatus !== 'Deleted');
    expect(records).toHaveLength(expected.length);
    records.forEach((o) => normalisedOrderSchema.parse(o));
    const src = expected[0] as { Guid: string; Total: number; OrderDate: string; SalesOrderLines: { OrderQuantity: number; UnitPrice: number; LineTotal: number; DiscountRate: number }[] };
    const mapped = records.find((o) => o.sourceId === src.Guid);
    expect(mapped).toMatchObject({ channel: 'WHOLESALE', total: toDecimalString(src.Total, 'Total'), placedAt: new Date(Number(/\d+/.exec(src.OrderDate)?.[0])).toISOString() });
    const line = src.SalesOrderLines[0];
    expect(mapped?.lines[0]).toMatchObject({ quantity: toDecimalString(line?.OrderQuantity, 'q'), unitPrice: toDecimalString(line?.UnitPrice, 'p') });
    const discounted = records.flatMap((o) => o.lines).find((l) => l.discount !== '0');
    expect(discounted).toBeDefined();
    expect(mapped?.customerCode).toBe((src as unknown as { Customer: { CustomerCode: string } }).Customer.CustomerCode);
    expect(records.every((o) => o.originSource === null)).toBe(true);
    const pages = sandbox.faults.requests.filter((r) => r.path.startsWith('/SalesOrders')).map((r) => r.path);
    expect(pages).toEqual(Array.from({ length: Math.ceil(expected.length / 7) }, (_, i) => `/SalesOrders/${i + 1}`));
  });

  it('when a sales order names a delivery country or came in from a store, then region and originSource say so', async () => {
    const base = data.salesOrders.find((o) => o.OrderStatus === 'Placed')!;
    const local = await startUnleashedSandbox({ data: { ...data, salesOrders: [{ ...base, Guid: 'aaaaaaaa-0000-4000-8000-000000000001', DeliveryCountry: 'United States', SourceId: 'Shopify' }, { ...base, Guid: 'aaaaaaaa-0000-4000-8000-000000000002', DeliveryCountry: 'Italy', SourceId: null }] } });
    try {
      const { records } = await all('salesOrders', client({ baseUrl: local.url }));
      expect(records.map((o) => [o.sourceId.slice(-1), o.region, o.originSource])).toEqual([
        ['1', 'US', 'Shopify'],
        ['2', 'EU', null],
      ]);
    } finally {
      await local.close();
    }
  });

  it('when reading stock without a warehouse, then rows are aggregated; with warehouseCode, rows are that warehouse', async () => {
    const aggregated = (await all('stockOnHand')).records;
    expect(aggregated).toHaveLength(data.products.length);
    aggregated.forEach((l) => normalisedInventoryLevelSchema.parse(l));
    expect(aggregated.every((l) => l.locationId === null)).toBe(true);
    const gin = aggregated.find((l) => l.sku === 'GIN-LDN-70CL');
    const ginRows = data.stockOnHand.filter((r) => r.ProductCode === 'GIN-LDN-70CL');
    expect(gin?.onHand).toBe(String(ginRows.reduce((s, r) => s + Number(r.QtyOnHand), 0)));
    const bonded = [];
    for await (const page of client().sync('stockOnHand', emptySyncCursor, { filters: { warehouseCode: 'BOND' } })) bonded.push(...page.records);
    expect(bonded).toHaveLength(data.stockOnHand.filter((r) => r.WarehouseCode === 'BOND').length);
    expect(new Set(bonded.map((l) => l.locationId))).toEqual(new Set(['BOND']));
  });

  it('when re-run from the stored cursor, then modifiedSince limits the read to the overlap window', async () => {
    const first = await all('products');
    const max = Math.max(...data.products.map((p) => Number(/\d+/.exec(String(p.LastModifiedOn))?.[0])));
    expect(first.cursor.watermark).toBe(new Date(max).toISOString());
    const again = await all('products', client(), first.cursor);
    const expected = data.products.filter((p) => Number(/\d+/.exec(String(p.LastModifiedOn))?.[0]) >= Math.floor((max - 300_000) / 1000) * 1000);
    expect(again.records.map((p) => p.sourceId).sort()).toEqual(expected.map((p) => String(p.Guid)).sort());
    for (const product of again.records) expect(product).toEqual(first.records.find((p) => p.sourceId === product.sourceId));
  });

  it('when the API key is wrong or a bad-signature fault is injected, then 403 becomes AUTH_FAILED without retries', async () => {
    const before = sandbox.faults.requests.length;
    await expect(client({ apiKey: 'wrong' }).listPage('products')).rejects.toMatchObject({ code: 'AUTH_FAILED', status: 403 });
    expect(sandbox.faults.requests.length - before).toBe(1);
    sandbox.faults.inject({ kind: 'bad-signature' });
    await expect(client().listPage('warehouses')).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('when a filter value needs escaping, then the lenient server accepts the decoded signature and a strict one needs signDecoded: false', async () => {
    await expect(client().listPage('salesOrders', { filters: { customerCode: 'WHOLE SALE#1' } })).resolves.toMatchObject({ records: [] });
    const strict = await startUnleashedSandbox({ data, strictSignature: true });
    try {
      const base = { ...unleashedSandboxCredentials, baseUrl: strict.url };
      await expect(createUnleashedClient(base, { clock, retry: { maxRetries: 0 } }).listPage('salesOrders', { filters: { customerCode: 'WHOLE SALE#1' } })).rejects.toMatchObject({ code: 'AUTH_FAILED' });
      await expect(createUnleashedClient({ ...base, signDecoded: false }, { clock }).listPage('salesOrders', { filters: { customerCode: 'WHOLE SALE#1' } })).resolves.toMatchObject({ records: [] });
    } finally {
      await strict.close();
    }
  });

  it('when Unleashed answers 429, then the client backs off (honouring Retry-After) and succeeds', async () => {
    sandbox.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 1 });
    sandbox.faults.inject({ kind: 'rate-limit' });
    const sleeps = clock.sleeps.length;
    await expect(client().listPage('warehouses')).resolves.toMatchObject({ pageNumber: 1 });
    expect(clock.sleeps.slice(sleeps)).toEqual([1000, 20]);
  });

  it('when 5xx persist, then retries end in SERVER_ERROR; 5 failures in 120 s open the breaker until 300 s pass', async () => {
    sandbox.faults.inject({ kind: 'server-error' }, 4);
    await expect(client().listPage('warehouses')).rejects.toMatchObject({ code: 'SERVER_ERROR', status: 500 });
    const c = client({}, { clock, retry: { maxRetries: 0 } });
    sandbox.faults.inject({ kind: 'server-error', status: 503 }, 5);
    for (let i = 0; i < 5; i += 1) await expect(c.listPage('warehouses')).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    await expect(c.listPage('warehouses')).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    clock.set(clock.now() + 299_000);
    expect(c.health().breaker.state).toBe('open');
    clock.set(clock.now() + 1_000);
    await expect(c.listPage('warehouses')).resolves.toMatchObject({ pageNumber: 1 });
    expect(c.health().breaker.state).toBe('closed');
  });

  it('when the body is malformed or the response slow, then typed errors come back', async () => {
    sandbox.faults.inject({ kind: 'malformed' });
    await expect(client().listPage('products')).rejects.toMatchObject({ code: 'MALFORMED_RESPONSE' });
    sandbox.faults.inject({ kind: 'slow', delayMs: 300 });
    await expect(client({}, { clock, timeoutMs: 100, retry: { maxRetries: 0 } }).listPage('products')).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('when a record breaks the documented shape, then MALFORMED_RESPONSE names the field instead of crashing', async () => {
    const broken = await startUnleashedSandbox({ data: { ...data, warehouses: [{ Guid: 'x', WarehouseCode: 'X', WarehouseName: 'X', LastModifiedOn: '/Date(oops)/' }] } });
    try {
      await expect(createUnleashedClient({ ...unleashedSandboxCredentials, baseUrl: broken.url }, { clock }).listPage('warehouses')).rejects.toMatchObject({ code: 'MALFORMED_RESPONSE', message: expect.stringContaining('LastModifiedOn') });
    } finally {
      await broken.close();
    }
  });

  it('when the client quota is used up, then calls stop locally; when the server blocks, the error is RATE_LIMITED', async () => {
    const quota = createMonthlyQuota({ limit: 2, clock });
    const c = client({}, { clock, quota });
    const before = sandbox.faults.requests.length;
    await c.listPage('warehouses');
    await c.listPage('suppliers');
    await expect(c.listPage('products')).rejects.toMatchObject({ code: 'QUOTA_EXHAUSTED' });
    expect(sandbox.faults.requests.length - before).toBe(2);
    expect(c.health().quota).toMatchObject({ used: 2, remaining: 0 });
    const blocked = await startUnleashedSandbox({ data, monthlyQuota: 1 });
    try {
      const b = createUnleashedClient({ ...unleashedSandboxCredentials, baseUrl: blocked.url }, { clock, retry: { maxRetries: 1, baseDelayMs: 1 } });
      await b.listPage('warehouses');
      await expect(b.listPage('warehouses')).rejects.toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    } finally {
      await blocked.close();
    }
  });

  it('when Accept is not JSON, then the sandbox answers 406, and JSON dates come escaped as \\/Date(…)\\/', async () => {
    const res = await fetch(`${sandbox.url}/Warehouses/1`, { headers: { 'api-auth-id': unleashedSandboxCredentials.apiId, 'api-auth-signature': 'mJXmOIXOEvaWU3yhLXyFd+DlMvZQxbttrlRgkdQOHMo=' } });
    expect(res.status).toBe(403);
    const { unleashedSignature } = await import('./unleashed-signature.ts');
    const ok = await fetch(`${sandbox.url}/Warehouses/1`, { headers: { 'api-auth-id': unleashedSandboxCredentials.apiId, 'api-auth-signature': unleashedSignature('', unleashedSandboxCredentials.apiKey) } });
    expect(ok.status).toBe(406);
    const raw = await (await fetch(`${sandbox.url}/Warehouses/1`, { headers: { accept: 'application/json', 'api-auth-id': unleashedSandboxCredentials.apiId, 'api-auth-signature': unleashedSignature('', unleashedSandboxCredentials.apiKey) } })).text();
    expect(raw).toContain('"\\/Date(');
  });
});
