import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amazonSandboxCredentials, generateAmazonSandboxData, startAmazonSandbox, type AmazonSandbox } from '@sentia/connectors/sandbox/amazon-sandbox';
import { sandboxSkus } from '@sentia/connectors/sandbox/sandbox-catalogue';
import { generateShopifySandboxStore, startShopifySandbox, type ShopifySandbox } from '@sentia/connectors/sandbox/shopify-sandbox';
import { generateUnleashedSandboxData, startUnleashedSandbox, unleashedSandboxCredentials, type UnleashedSandbox } from '@sentia/connectors/sandbox/unleashed-sandbox';
import type { DbHandle } from '@sentia/db/create-db';
import { auditLogs, billOfMaterials, fxRates, integrationConnections, inventory, materials, orders, productPrices, productionOrders, products, purchaseOrders, suppliers, syncRuns, syncState, warehouses, workCentres } from '@sentia/db/schema';
import { createEventBus, type EventBus } from '../../events/create-event-bus.ts';
import { createInProcessJobProvider } from '../../jobs/in-process-provider.ts';
import type { JobProvider } from '../../jobs/job-provider.ts';
import { createTestApp, signIn, type TestApp } from '../../test/create-test-app.ts';
import { createIntegrationSyncJob } from './integration-sync.job.ts';
import { configureIntegrationsRuntime } from './integrations-runtime.ts';
import { integrationsModule } from './integrations.routes.ts';

const KEY = Buffer.alloc(32, 7);
const wide = { ratePerSecond: 1e6, burst: 1e6 };
const widePlans = { getOrders: wide, getOrderItems: wide, searchOrders: wide, getOrder: wide, getInventorySummaries: wide };
const day = 86_400_000;
const from = new Date(Date.now() - 6 * day).toISOString();
const to = new Date(Date.now() - 1 * day).toISOString();

let t: TestApp;
let jobs: JobProvider;
let bus: EventBus;
let amazon: AmazonSandbox;
let shopify: ShopifySandbox;
let unleashed: UnleashedSandbox;
let admin: string;
let manager: string;
let viewer: string;

async function seed(db: DbHandle) {
  await db.db.insert(products).values(sandboxSkus.map((s) => ({ sku: s.sku, name: s.name, category: 'spirit', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: s.unitCost, costCurrency: 'GBP' as const, launchDate: '2020-01-01' })));
  await db.db.insert(productPrices).values(sandboxSkus.flatMap((s) => (['AMAZON_UK', 'AMAZON_EU', 'AMAZON_US'] as const).map((c) => ({ sku: s.sku, channelCode: c, validFrom: '2020-01-01', listPrice: c === 'AMAZON_UK' ? s.prices.GBP : c === 'AMAZON_EU' ? s.prices.EUR : s.prices.USD, currency: (c === 'AMAZON_UK' ? 'GBP' : c === 'AMAZON_EU' ? 'EUR' : 'USD') as 'GBP' | 'EUR' | 'USD' }))));
  await db.db.insert(fxRates).values([
    { rateDate: '2020-01-01', base: 'EUR', quote: 'GBP', rate: '0.86000000', source: 'test' },
    { rateDate: '2020-01-01', base: 'USD', quote: 'GBP', rate: '0.79000000', source: 'test' },
    { rateDate: '2020-01-01', base: 'GBP', quote: 'EUR', rate: '1.16279070', source: 'test' },
    { rateDate: '2020-01-01', base: 'GBP', quote: 'USD', rate: '1.26582278', source: 'test' },
  ]);
  await db.db.insert(warehouses).values([
    { code: 'UK-MAIN', name: 'Distillery', kind: 'OWN', region: 'UK', currency: 'GBP' },
    { code: 'UK-BOND', name: 'Bond', kind: 'OWN', region: 'UK', currency: 'GBP' },
    { code: 'FBA-UK', name: 'FBA UK', kind: 'FBA', region: 'UK', channelCode: 'AMAZON_UK', currency: 'GBP' },
    { code: 'FBA-EU', name: 'FBA EU', kind: 'FBA', region: 'EU', channelCode: 'AMAZON_EU', currency: 'EUR' },
    { code: 'FBA-US', name: 'FBA US', kind: 'FBA', region: 'US', channelCode: 'AMAZON_US', currency: 'USD' },
  ]);
  await db.db.insert(materials).values(
    ['BTL-70CL-FLINT', 'BTL-50CL-FLINT', 'CORK-T-TOP', 'SPIRIT-NEUTRAL-LTR'].map((code) => ({ code, name: code, category: 'component', unitOfMeasure: 'EA', standardCost: '0.3000', currency: 'GBP' as const })),
  );
  await db.db.insert(workCentres).values({ code: 'BOTTLING-1', name: 'Bottling line 1', kind: 'BOTTLING', ratePerHour: '1800', unitOfMeasure: 'bottle' });
}

/** ERP data with one sales order the ERP imported from the Shopify store (it must not be counted twice). */
function erpData() {
  const data = generateUnleashedSandboxData({ salesOrderCount: 12, purchaseOrderCount: 6, assemblyCount: 4, from, to });
  const imported = data.salesOrders.find((o) => o.OrderStatus !== 'Deleted' && (o.Currency as { CurrencyCode: string }).CurrencyCode === 'GBP')!;
  imported.SourceId = 'Shopify';
  return data;
}

beforeAll(async () => {
  [amazon, shopify, unleashed] = await Promise.all([
    startAmazonSandbox({ data: generateAmazonSandboxData({ orderCount: 40, from, to }), usagePlans: widePlans }),
    startShopifySandbox({ stores: [generateShopifySandboxStore({ shopDomain: 'sentia-uk.myshopify.com', currency: 'GBP', orderCount: 15, from, to })], bucketSize: 1e6, restoreRate: 1e6 }),
    startUnleashedSandbox({ data: erpData() }),
  ]);
  t = await createTestApp({
    env: { INTEGRATIONS_SECRET_KEY: KEY.toString('hex') },
    seed: async (db) => {
      await seed(db);
      bus = await createEventBus({ db: db.db });
      configureIntegrationsRuntime(db.db, { key: () => KEY, retryBaseDelayMs: 5 });
      jobs = createInProcessJobProvider({ db: db.db, definitions: [createIntegrationSyncJob({ db: db.db, bus })], exclusiveDatabase: false, pollIntervalMs: 50 });
      await jobs.startWorkers();
    },
    modules: [integrationsModule({ get jobs() { return jobs; } })],
  });
  [admin, manager, viewer] = await Promise.all([signIn(t.app, 'ADMIN'), signIn(t.app, 'MANAGER'), signIn(t.app, 'VIEWER')]);
}, 120_000);

afterAll(async () => {
  await jobs?.close({ graceMs: 500 });
  await bus?.close();
  await t?.close();
  await Promise.all([amazon?.close(), shopify?.close(), unleashed?.close()]);
});

const amazonConnection = (name = 'Amazon EU') => ({
  provider: 'AMAZON',
  name,
  config: { region: 'eu', marketplaces: ['UK', 'DE'], endpoint: amazon.url, tokenUrl: `${amazon.url}/auth/o2/token`, usagePlans: widePlans },
  credentials: { ...amazonSandboxCredentials },
});

async function addConnection(payload: object): Promise<{ id: string }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/integrations/connections', headers: { cookie: admin }, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function syncAndWait(id: string, resource?: string): Promise<{ state: string; error: string | null }[]> {
  const res = await t.app.inject({ method: 'POST', url: `/api/integrations/connections/${id}/sync`, headers: { cookie: admin }, payload: resource ? { resource } : {} });
  expect(res.statusCode, res.body).toBe(202);
  const queued = (res.json() as { jobs: { jobId: string }[] }).jobs;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const states = await Promise.all(queued.map((q) => jobs.getJob(q.jobId)));
    if (states.every((s) => s && (s.state === 'completed' || s.state === 'failed'))) return states.map((s) => ({ state: s!.state, error: s!.error }));
    if (Date.now() > deadline) throw new Error(`sync jobs did not finish: ${JSON.stringify(states)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function healthOf(id: string, cookie = admin) {
  const res = await t.app.inject({ url: '/api/integrations/health', headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { connections: Array<Record<string, unknown> & { id: string }> }).connections.find((c) => c.id === id)! as unknown as {
    breaker: { state: string } | null;
    deadLetters: { id: string; resource: string }[];
    resources: { resource: string; state: string; recordsLastRun: number | null; lastSuccessAt: string | null; lagSeconds: number | null }[];
    rateLimit: { headroomPercent: number } | null;
    errorRate: { runs: number; failed: number };
    credentialFields: string[];
  };
}

async function dailySalesMatchOrders(db: DbHandle) {
  const diff = await db.db.execute(sql`
    with rebuilt as (
      select (o.ordered_at at time zone 'UTC')::date as d, l.sku, o.ship_to_region as r, o.channel_code as c, count(distinct o.id)::int as n, sum(l.quantity)::int as u, sum(l.line_total) as rev
      from orders o join order_lines l on l.order_id = o.id where o.status <> 'CANCELLED' group by 1, 2, 3, 4)
    select * from rebuilt full join daily_sales s on s.sales_date = rebuilt.d and s.sku = rebuilt.sku and s.region_code = rebuilt.r and s.channel_code = rebuilt.c
    where rebuilt.n is distinct from s.orders or rebuilt.u is distinct from s.units or rebuilt.rev is distinct from s.revenue`);
  return diff.rows;
}

describe('connections: credentials are write-only and access follows the role', () => {
  it('when an ADMIN adds a connection, then secrets are stored encrypted and never returned; MANAGER reads, VIEWER and MANAGER writes are refused', async () => {
    const created = await addConnection(amazonConnection('Amazon secrets'));
    const everything = JSON.stringify(created) + (await t.app.inject({ url: '/api/integrations/health', headers: { cookie: admin } })).body;
    for (const secret of Object.values(amazonSandboxCredentials)) expect(everything).not.toContain(secret);
    const [row] = await t.db.db.select().from(integrationConnections).where(eq(integrationConnections.id, created.id));
    expect(row?.credentialsEncrypted).toMatch(/^v1:/);
    for (const secret of Object.values(amazonSandboxCredentials)) expect(row?.credentialsEncrypted).not.toContain(secret);
    expect((await healthOf(created.id, manager)).credentialFields).toEqual(['clientId', 'clientSecret', 'refreshToken', 'notificationApiKey']);

    expect((await t.app.inject({ method: 'POST', url: '/api/integrations/connections', headers: { cookie: manager }, payload: amazonConnection('x') })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/integrations/connections/${created.id}/sync`, headers: { cookie: manager }, payload: {} })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/integrations/health', headers: { cookie: viewer } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/integrations/health' })).statusCode).toBe(401);

    const audit = await t.db.db.select().from(auditLogs).where(eq(auditLogs.entityId, created.id));
    expect(audit.map((a) => a.actionType)).toContain('integrations.connection.created');
    expect(JSON.stringify(audit)).not.toContain(amazonSandboxCredentials.clientSecret);

    const removed = await t.app.inject({ method: 'DELETE', url: `/api/integrations/connections/${created.id}`, headers: { cookie: admin } });
    expect(removed.statusCode).toBe(204);
    expect(await t.db.db.select().from(integrationConnections).where(eq(integrationConnections.id, created.id))).toEqual([]);
  });

  it('when the input is invalid, then 400 names the field; a duplicate name is 409', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/integrations/connections', headers: { cookie: admin }, payload: { ...amazonConnection('Bad'), config: { region: 'na', marketplaces: ['UK'] } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'config.marketplaces.0' })]);
    const missing = await t.app.inject({ method: 'POST', url: '/api/integrations/connections', headers: { cookie: admin }, payload: { ...amazonConnection('Bad'), credentials: { clientId: 'x' } } });
    expect(missing.statusCode).toBe(400);
    await addConnection(amazonConnection('Twice'));
    expect((await t.app.inject({ method: 'POST', url: '/api/integrations/connections', headers: { cookie: admin }, payload: amazonConnection('Twice') })).statusCode).toBe(409);
  });

  it('when a connection is tested with wrong credentials, then the test fails with the vendor’s reason; new credentials fix it', async () => {
    const { id } = await addConnection({ ...amazonConnection('Amazon wrong'), credentials: { ...amazonSandboxCredentials, refreshToken: 'Atzr|wrong' } });
    const failed = await t.app.inject({ method: 'POST', url: `/api/integrations/connections/${id}/test`, headers: { cookie: admin } });
    expect(failed.json()).toMatchObject({ ok: false, message: expect.stringContaining('AUTH_FAILED') });
    expect(failed.body).not.toContain('Atzr|wrong');
    const replaced = await t.app.inject({ method: 'PUT', url: `/api/integrations/connections/${id}/credentials`, headers: { cookie: admin }, payload: { credentials: { ...amazonSandboxCredentials } } });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json()).toMatchObject({ saved: true, test: { ok: true } });
    expect((await t.app.inject({ method: 'POST', url: `/api/integrations/connections/${id}/test`, headers: { cookie: admin } })).json()).toMatchObject({ ok: true });
  });

  it('when replacement credentials fail their test, then the stored ones are kept (400 naming credentials), the attempt is audited, and only saveIfTestFails stores them', async () => {
    const { id } = await addConnection(amazonConnection('Amazon rotate'));
    const sealed = async () => (await t.db.db.select({ c: integrationConnections.credentialsEncrypted }).from(integrationConnections).where(eq(integrationConnections.id, id)))[0]!.c;
    const original = await sealed();
    const put = (payload: object, cookie = admin) => t.app.inject({ method: 'PUT', url: `/api/integrations/connections/${id}/credentials`, headers: { cookie }, payload });
    const wrong = { ...amazonSandboxCredentials, clientSecret: 'amzn1.oa2-cs.v1.leaked-and-wrong' };

    const refused = await put({ credentials: wrong });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ errors: [expect.objectContaining({ field: 'credentials', message: expect.stringContaining('AUTH_FAILED') })] });
    expect(refused.body).not.toContain('leaked-and-wrong');
    expect(await sealed()).toBe(original);
    expect((await t.app.inject({ method: 'POST', url: `/api/integrations/connections/${id}/test`, headers: { cookie: admin } })).json()).toMatchObject({ ok: true });

    // MANAGER may read the page but not replace credentials.
    expect((await put({ credentials: { ...amazonSandboxCredentials } }, manager)).statusCode).toBe(403);

    const forced = await put({ credentials: wrong, saveIfTestFails: true });
    expect(forced.statusCode, forced.body).toBe(200);
    expect(forced.json()).toMatchObject({ saved: true, test: { ok: false } });
    const stored = await sealed();
    expect(stored).not.toBe(original);
    expect(stored).not.toContain('leaked-and-wrong');

    const audits = await t.db.db.select().from(auditLogs).where(and(eq(auditLogs.entityType, 'integration_connection'), eq(auditLogs.entityId, id)));
    const actions = audits.map((a) => a.actionType);
    expect(actions).toEqual(expect.arrayContaining(['integrations.connection.credentials-rejected', 'integrations.connection.credentials-replaced']));
    expect(JSON.stringify(audits)).not.toContain('leaked-and-wrong');
    expect(audits.find((a) => a.actionType === 'integrations.connection.credentials-replaced')!.newValues).toMatchObject({ testPassed: false, savedDespiteFailedTest: true, credentialFields: ['clientId', 'clientSecret', 'refreshToken'] });
  });

  it('when the ADMIN has no fresh second factor, then replacing credentials answers 401 STEP_UP_REQUIRED and changes nothing', async () => {
    const { id } = await addConnection(amazonConnection('Amazon step-up'));
    const before = await t.db.db.select().from(integrationConnections).where(eq(integrationConnections.id, id));
    await t.db.db.execute(sql`delete from session_step_ups`);
    const res = await t.app.inject({ method: 'PUT', url: `/api/integrations/connections/${id}/credentials`, headers: { cookie: admin }, payload: { credentials: { ...amazonSandboxCredentials } } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('STEP_UP_REQUIRED');
    expect(res.headers['www-authenticate']).toMatch(/StepUp/);
    expect(await t.db.db.select().from(integrationConnections).where(eq(integrationConnections.id, id))).toEqual(before);
    admin = await signIn(t.app, 'ADMIN');
  });
});

describe('sync through the sandboxes', () => {
  it('when Amazon orders and FBA stock sync, then they land once, daily_sales stays consistent, and a re-run writes nothing', async () => {
    const { id } = await addConnection(amazonConnection('Amazon sync'));
    expect(await syncAndWait(id)).toEqual([{ state: 'completed', error: null }, { state: 'completed', error: null }]);
    const count = (await t.db.db.select({ n: sql<number>`count(*)::int` }).from(orders))[0]!.n;
    expect(count).toBeGreaterThan(0);
    expect(await dailySalesMatchOrders(t.db)).toEqual([]);
    const fba = await t.db.db.select().from(inventory).where(eq(inventory.warehouseCode, 'FBA-UK'));
    expect(fba.length).toBe(sandboxSkus.length);

    const health = await healthOf(id);
    const ordersHealth = health.resources.find((r) => r.resource === 'orders')!;
    expect(ordersHealth).toMatchObject({ state: 'ok', lagSeconds: expect.any(Number) });
    expect(ordersHealth.recordsLastRun).toBeGreaterThan(0);
    expect(health.breaker?.state).toBe('closed');
    expect(health.rateLimit?.headroomPercent).toBeGreaterThan(0);

    await syncAndWait(id, 'orders');
    expect((await t.db.db.select({ n: sql<number>`count(*)::int` }).from(orders))[0]!.n).toBe(count);
    const runs = await t.db.db.execute<{ written: number }>(sql`select records_written as written from sync_runs where connection_id = ${id} and resource = 'orders' order by started_at desc limit 1`);
    expect(runs.rows[0]?.written).toBe(0);
  });

  it('when a Shopify store and Unleashed sync, then orders, warehouses, suppliers, purchase orders, stock, BOMs, assemblies and wholesale orders arrive once', async () => {
    const store = await addConnection({
      provider: 'SHOPIFY',
      name: 'Shopify UK',
      config: { shopDomain: 'sentia-uk.myshopify.com', channel: 'SHOPIFY_UK', region: 'UK', baseUrl: shopify.baseUrlFor('sentia-uk.myshopify.com') },
      credentials: { accessToken: (await import('@sentia/connectors/sandbox/shopify-sandbox')).generateShopifySandboxStore({ shopDomain: 'sentia-uk.myshopify.com', currency: 'GBP' }).accessToken, webhookSecret: 'whsec' },
    });
    await t.db.db.insert(productPrices).values(sandboxSkus.map((s) => ({ sku: s.sku, channelCode: 'SHOPIFY_UK' as const, validFrom: '2020-01-01', listPrice: s.prices.GBP, currency: 'GBP' as const }))).onConflictDoNothing();
    expect((await syncAndWait(store.id)).map((s) => s.state)).toEqual(['completed', 'completed']);
    const shopOrders = await t.db.db.select().from(orders).where(eq(orders.channelCode, 'SHOPIFY_UK'));
    expect(shopOrders.length).toBeGreaterThan(0);
    expect(shopOrders.every((o) => /^\d+$/.test(o.externalId))).toBe(true);

    const erp = await addConnection({
      provider: 'UNLEASHED',
      name: 'Unleashed',
      config: { apiId: unleashedSandboxCredentials.apiId, baseUrl: unleashed.url, locationMap: { DIST: 'UK-MAIN', BOND: 'UK-BOND' } },
      credentials: { apiKey: unleashedSandboxCredentials.apiKey },
    });
    expect((await syncAndWait(erp.id)).map((s) => s.state)).toEqual(Array(8).fill('completed'));
    expect((await t.db.db.select().from(suppliers)).map((s) => s.code).sort()).toEqual(['CORKWORKS', 'GLASSCO', 'GRAINSPIRIT']);
    expect((await t.db.db.select().from(purchaseOrders)).length).toBeGreaterThan(0);
    expect((await t.db.db.select().from(inventory).where(eq(inventory.warehouseCode, 'UK-MAIN'))).length).toBe(sandboxSkus.length);
    // Warehouses: DIST and BOND map onto ours (names from the ERP), nothing new is invented.
    expect((await t.db.db.select({ code: warehouses.code, name: warehouses.name }).from(warehouses).where(eq(warehouses.kind, 'OWN'))).sort((a, b) => a.code.localeCompare(b.code))).toEqual([
      { code: 'UK-BOND', name: 'Bonded Warehouse' },
      { code: 'UK-MAIN', name: 'Distillery' },
    ]);
    // Bills of materials: three components per finished SKU, quantities per unit, wastage as a scrap fraction.
    const bom = await t.db.db.select().from(billOfMaterials).where(eq(billOfMaterials.sku, 'GIN-LDN-70CL'));
    expect(bom.map((b) => [b.materialCode, b.quantityPerUnit, b.scrapAllowance]).sort()).toEqual([
      ['BTL-70CL-FLINT', '1.000000', '0.0000'],
      ['CORK-T-TOP', '1.000000', '0.0000'],
      ['SPIRIT-NEUTRAL-LTR', '0.700000', '0.0143'],
    ]);
    // Assemblies become production orders on the bottling line.
    const data = unleashed.data;
    const assemblies = await t.db.db.select().from(productionOrders);
    expect(assemblies.map((a) => a.orderNumber).sort()).toEqual(data.assemblies.map((a) => String(a.AssemblyNumber)).sort());
    const first = data.assemblies[0] as { AssemblyNumber: string; Quantity: number; AssemblyStatus: string };
    expect(assemblies.find((a) => a.orderNumber === first.AssemblyNumber)).toMatchObject({ quantityPlanned: first.Quantity, workCentreCode: 'BOTTLING-1', status: first.AssemblyStatus === 'Parked' ? 'PLANNED' : 'COMPLETED' });
    // Wholesale orders: GBP ones under the B2B store's channel without fees; EUR ones need a mapping; the ERP's copy of a Shopify order is skipped.
    const served = data.salesOrders.filter((o) => o.OrderStatus !== 'Deleted' && !o.SourceId);
    const gbp = served.filter((o) => (o.Currency as { CurrencyCode: string }).CurrencyCode === 'GBP');
    expect(gbp.length).toBeGreaterThan(0);
    expect(assemblies.length).toBeGreaterThan(1);
    const wholesale = await t.db.db.select().from(orders).where(eq(orders.source, 'unleashed'));
    expect(wholesale.map((o) => o.externalId).sort()).toEqual(gbp.map((o) => String(o.Guid)).sort());
    expect(wholesale.every((o) => o.channelCode === 'SHOPIFY_UK' && o.fees === '0.0000')).toBe(true);
    const [erpRuns] = (await healthOf(erp.id)).resources.filter((r) => r.resource === 'sales-orders');
    expect(erpRuns?.state).toBe('ok');
    expect(await dailySalesMatchOrders(t.db)).toEqual([]);

    // A second sync of every resource changes nothing.
    const before = await t.db.db.execute(sql`select (select count(*) from orders)::int as o, (select count(*) from production_orders)::int as p, (select count(*) from bill_of_materials)::int as b, (select count(*) from warehouses)::int as w, (select sum(revenue)::text from daily_sales) as rev`);
    expect((await syncAndWait(erp.id)).map((s) => s.state)).toEqual(Array(8).fill('completed'));
    const runs = await t.db.db.select().from(syncRuns).where(eq(syncRuns.connectionId, erp.id));
    const latest = new Map(runs.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime()).map((r) => [r.resource, r]));
    expect([...latest.values()].map((r) => [r.resource, r.recordsWritten])).toEqual([...latest.keys()].map((k) => [k, 0]));
    const after = await t.db.db.execute(sql`select (select count(*) from orders)::int as o, (select count(*) from production_orders)::int as p, (select count(*) from bill_of_materials)::int as b, (select count(*) from warehouses)::int as w, (select sum(revenue)::text from daily_sales) as rev`);
    expect(after.rows).toEqual(before.rows);
  });
});

describe('faults: throttling, server errors, dead letters and the circuit breaker', () => {
  it('when the vendor answers 429 twice, then the connector backs off and the sync still succeeds', async () => {
    const { id } = await addConnection(amazonConnection('Amazon 429'));
    amazon.faults.inject({ kind: 'rate-limit', pathIncludes: '/orders/' }, 2);
    expect(await syncAndWait(id, 'orders')).toEqual([{ state: 'completed', error: null }]);
    expect(amazon.faults.requests.filter((r) => r.fault === 'rate-limit')).toHaveLength(2);
  });

  it('when 5xx outlast the retries, then the run is dead-lettered, shown on the health page, and retrying it succeeds', async () => {
    const { id } = await addConnection(amazonConnection('Amazon 5xx'));
    amazon.faults.inject({ kind: 'server-error', status: 503, pathIncludes: '/orders/' }, 4);
    const [outcome] = await syncAndWait(id, 'orders');
    expect(outcome?.state).toBe('failed');
    let health = await healthOf(id);
    expect(health.deadLetters).toEqual([expect.objectContaining({ resource: 'orders' })]);
    expect(health.resources.find((r) => r.resource === 'orders')).toMatchObject({ state: 'failing' });
    expect(health.errorRate).toMatchObject({ runs: 1, failed: 1 });

    const retried = await t.app.inject({ method: 'POST', url: `/api/integrations/dead-letters/${health.deadLetters[0]!.id}/retry`, headers: { cookie: admin } });
    expect(retried.statusCode, retried.body).toBe(202);
    const deadline = Date.now() + 30_000;
    while ((await healthOf(id)).resources.find((r) => r.resource === 'orders')?.state !== 'ok') {
      if (Date.now() > deadline) throw new Error('retried sync did not succeed');
      await new Promise((r) => setTimeout(r, 100));
    }
    health = await healthOf(id);
    expect(health.deadLetters).toEqual([]);
  });

  it('when the breaker opens, then runs are skipped (not dead-lettered), the source shows as degraded and the stored data is still served', async () => {
    const { id } = await addConnection(amazonConnection('Amazon breaker'));
    amazon.faults.inject({ kind: 'server-error', status: 500, pathIncludes: '/orders/' }, 8);
    const [first] = await syncAndWait(id, 'orders');
    expect(first?.state).toBe('failed');
    const [second] = await syncAndWait(id, 'orders');
    expect(second).toEqual({ state: 'completed', error: null });
    const health = await healthOf(id);
    expect(health.breaker?.state).toBe('open');
    expect(health.resources.find((r) => r.resource === 'orders')?.state).toBe('skipped');
    const degraded = await t.app.inject({ url: '/api/integrations/degraded', headers: { cookie: viewer } });
    expect(degraded.json().sources).toEqual([expect.objectContaining({ name: 'Amazon breaker', provider: 'AMAZON', state: 'open' })]);
    // The dashboard keeps answering from the stored data and its freshness names the degraded source.
    const today = new Date().toISOString().slice(0, 10);
    const kpis = await t.app.inject({ url: `/api/kpis/summary?from=${from.slice(0, 10)}&to=${today}`, headers: { cookie: viewer } });
    expect(kpis.statusCode, kpis.body).toBe(200);
    expect(kpis.json().freshness.degradedSources).toEqual([expect.objectContaining({ name: 'Amazon breaker', state: 'open' })]);
    amazon.faults.clear();
    const [state] = await t.db.db.select().from(syncState).where(eq(syncState.connectionId, id));
    expect(state?.lastError).toContain('CIRCUIT_OPEN');
  });
});
