import { randomInt } from 'node:crypto';
import { and, desc, eq, gte, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { Channel } from '@sentia/contracts/common';
import type { CreateConnection } from '@sentia/contracts/integration-connections';
import { syncResourcesByProvider } from '@sentia/contracts/integration-connections';
import { marketplaceById } from '@sentia/connectors/amazon/amazon-config';
import { parseAmazonNotification } from '@sentia/connectors/amazon/amazon-notifications';
import { amazonSandboxCredentials, startAmazonSandbox, type AmazonSandbox } from '@sentia/connectors/sandbox/amazon-sandbox';
import { buildAmazonSandboxData, buildShopifySandboxStore, buildUnleashedSandboxData, type SandboxWorldOrder, type SandboxWorldStock } from '@sentia/connectors/sandbox/build-sandbox-world';
import { startShopifySandbox, type ShopifySandbox } from '@sentia/connectors/sandbox/shopify-sandbox';
import { startUnleashedSandbox, unleashedSandboxCredentials, type UnleashedSandbox } from '@sentia/connectors/sandbox/unleashed-sandbox';
import type { Db } from '@sentia/db/create-db';
import { Dec } from '@sentia/domain/money/money';
import { billOfMaterials, customers, dailySales, integrationConnections, integrationRecords, inventory, materialInventory, materials, orderLines, orders, productPrices, products, purchaseOrderLines, purchaseOrders, refunds, suppliers, syncRuns, warehouses } from '@sentia/db/schema';
import type { Config } from '../../config.ts';
import type { JobProvider } from '../../jobs/job-provider.ts';
import { pollAmazonQueue } from '../webhooks/consume-amazon-queue.ts';
import { createDatabaseDeliveryClaims } from '../webhooks/delivery-claims.ts';
import { webhookSecretsFromConnections } from '../webhooks/webhook-connections.ts';
import { createWebhooksService } from '../webhooks/webhooks.service.ts';
import { createIntegrationSyncJob, type IntegrationSyncJob } from './integration-sync.job.ts';
import { integrationsRuntimeFor } from './integrations-runtime.ts';
import { sealCredentials } from './integrations-secret-key.ts';

type Logger = { info: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void };

/** Sandboxes run wide open: the demo shows the connector path, not vendor throttling. */
const wide = { ratePerSecond: 1e6, burst: 1e6 };
const widePlans = { getOrders: wide, getOrderItems: wide, searchOrders: wide, getOrder: wide, getInventorySummaries: wide };
const shopDomains = { SHOPIFY_UK: 'sentia-uk.myshopify.com', SHOPIFY_US: 'sentia-us.myshopify.com' } as const;
const shopTokens = { SHOPIFY_UK: 'shpat_demo_sentia_uk', SHOPIFY_US: 'shpat_demo_sentia_us' } as const;
const shopSecrets = { SHOPIFY_UK: 'demo-webhook-secret-uk', SHOPIFY_US: 'demo-webhook-secret-us' } as const;
const channelCurrency: Record<Channel, 'GBP' | 'EUR' | 'USD'> = { AMAZON_UK: 'GBP', AMAZON_EU: 'EUR', AMAZON_US: 'USD', SHOPIFY_UK: 'GBP', SHOPIFY_US: 'USD' };
const channelRegion = { AMAZON_UK: 'UK', AMAZON_EU: 'EU', AMAZON_US: 'US', SHOPIFY_UK: 'UK', SHOPIFY_US: 'US' } as const;
const fbaChannel: Record<string, Channel> = { 'FBA-UK': 'AMAZON_UK', 'FBA-EU': 'AMAZON_EU', 'FBA-US': 'AMAZON_US' };
/** Warehouses the ERP reports stock for; FBA stock comes from Amazon. */
const erpWarehouses = ['UK-MAIN', 'US-3PL'];

export interface DemoConnectors {
  /** Sends new orders' webhooks (Shopify) here once the server listens. */
  setWebhookUrl(url: string): void;
  close(): Promise<void>;
}

const iso = (d: Date) => d.toISOString();
const pick = <T,>(items: readonly T[]): T => items[randomInt(items.length)]!;

/**
 * Demo mode with DEMO_CONNECTORS=true: starts the Amazon SP-API, Shopify (two stores) and Unleashed sandboxes
 * in this process on free ports, serving the demo company's catalogue, suppliers, open purchase orders and stock
 * as the vendors would; creates (or re-points, since ports change per start) five demo connections to them with
 * sealed sandbox credentials; queues a full sync of each; and keeps new orders arriving: every `liveEveryMs` an
 * order at list price appears in one sandbox (Amazon or Shopify) and reaches the database through the connector
 * (Amazon: its ORDER_CHANGE on the sandbox's queue, consumed by the inbound adapter, which reads the order; Shopify: a
 * signed orders/create webhook once the webhook URL is known, else a sync of that connection).
 * The demo's order history stays the seeded one: re-serving two years of orders through HTTP would cost minutes
 * at every start.
 */
export async function startDemoConnectors(deps: { db: Db; config: Config; jobs: JobProvider; syncJob: IntegrationSyncJob; logger: Logger; liveEveryMs?: number }): Promise<DemoConnectors> {
  const { db, logger } = deps;
  const now = new Date();
  const startedAt = performance.now();
  const world = await loadDemoWorld(db, now);
  const [anyDemo] = await db.select({ id: integrationConnections.id }).from(integrationConnections).where(sql`${integrationConnections.config} ->> 'demo' = 'true'`).limit(1);
  const isFirstStart = !anyDemo;
  // First start: the seeded history leaves the database for the sandboxes and comes back through the connectors.
  // Later starts: the sandboxes hold the last days (what an incremental sync's overlap re-reads) and only new orders arrive.
  const handedOver = isFirstStart ? await handOverOrderHistory(db, now) : null;
  const history = handedOver ? handedOver.history : await loadOrderHistory(db, new Date(now.getTime() - RECENT_DAYS * DAY_MS));
  logger.info({ orders: history.length, firstStart: isFirstStart }, isFirstStart ? 'demo connectors: order history handed to the sandboxes, to come back through the connectors' : 'demo connectors: sandboxes hold the recent orders; syncs resume from their cursors');
  const [amazon, shopify, unleashed]: [AmazonSandbox, ShopifySandbox, UnleashedSandbox] = await Promise.all([
    startAmazonSandbox({ host: '127.0.0.1', data: buildAmazonSandboxData({ orders: history, stock: world.stock }), usagePlans: widePlans }),
    startShopifySandbox({
      host: '127.0.0.1',
      stores: (['SHOPIFY_UK', 'SHOPIFY_US'] as const).map((channel) =>
        buildShopifySandboxStore({ shopDomain: shopDomains[channel], channel, currency: channelCurrency[channel], accessToken: shopTokens[channel], webhookSecret: shopSecrets[channel], orders: history, stock: [] }),
      ),
      bucketSize: 1e6,
      restoreRate: 1e6,
    }),
    startUnleashedSandbox({ host: '127.0.0.1', data: buildUnleashedSandboxData({ ...world.erp, salesOrders: history, assemblies: [] }) }),
  ]);

  const connections: CreateConnection[] = [
    { provider: 'AMAZON', name: 'Demo Amazon EU', config: { region: 'eu', marketplaces: ['UK', 'DE'], endpoint: amazon.url, tokenUrl: `${amazon.url}/auth/o2/token`, usagePlans: widePlans, syncIntervalMinutes: 5 }, credentials: { ...amazonSandboxCredentials } },
    { provider: 'AMAZON', name: 'Demo Amazon US', config: { region: 'na', marketplaces: ['US'], endpoint: amazon.url, tokenUrl: `${amazon.url}/auth/o2/token`, usagePlans: widePlans, syncIntervalMinutes: 5 }, credentials: { ...amazonSandboxCredentials } },
    ...(['SHOPIFY_UK', 'SHOPIFY_US'] as const).map(
      (channel): CreateConnection => ({
        provider: 'SHOPIFY',
        name: `Demo Shopify ${channel.slice(-2)}`,
        config: { shopDomain: shopDomains[channel], channel, region: channelRegion[channel], baseUrl: shopify.baseUrlFor(shopDomains[channel]), syncIntervalMinutes: 5 },
        credentials: { accessToken: shopTokens[channel], webhookSecret: shopSecrets[channel] },
      }),
    ),
    { provider: 'UNLEASHED', name: 'Demo Unleashed', config: { apiId: unleashedSandboxCredentials.apiId, baseUrl: unleashed.url, syncIntervalMinutes: 15 }, credentials: { apiKey: unleashedSandboxCredentials.apiKey } },
  ];
  const key = integrationsRuntimeFor(db, deps.config).key();
  const ids = new Map<string, string>();
  const initialJobs: string[] = [];
  for (const c of connections) {
    const [existing] = await db.select({ id: integrationConnections.id }).from(integrationConnections).where(and(eq(integrationConnections.provider, c.provider), eq(integrationConnections.name, c.name)));
    const id = existing?.id ?? crypto.randomUUID();
    const values = { provider: c.provider, name: c.name, channelCode: c.provider === 'SHOPIFY' ? c.config.channel : c.provider === 'AMAZON' && c.config.marketplaces.length === 1 ? ('AMAZON_US' as const) : null, config: { ...c.config, demo: true }, credentialsEncrypted: sealCredentials(key, id, c.credentials), status: 'ACTIVE' as const, updatedAt: new Date() };
    if (existing) await db.update(integrationConnections).set(values).where(eq(integrationConnections.id, id));
    else await db.insert(integrationConnections).values({ id, ...values });
    ids.set(c.name, id);
    for (const resource of syncResourcesByProvider[c.provider]) {
      await deps.jobs.schedule(deps.syncJob, `*/${c.config.syncIntervalMinutes ?? 5} * * * *`, { connectionId: id, resource, trigger: 'schedule' }, { key: `${id}.${resource}` });
      initialJobs.push((await deps.jobs.enqueue(deps.syncJob, { connectionId: id, resource, trigger: 'demo' })).id);
    }
  }
  logger.info({ amazon: amazon.url, shopify: shopify.url, unleashed: unleashed.url, connections: [...ids.keys()] }, 'demo connectors: sandboxes started, initial syncs queued');
  const watcher = setInterval(() => {
    reportInitialSync(db, deps.jobs, initialJobs, [...ids.values()], now)
      .then((done) => {
        if (!done) return;
        clearInterval(watcher);
        logger.info({ ...done, firstStart: isFirstStart, msSinceSandboxes: Math.round(performance.now() - startedAt) }, 'demo connectors: initial sync completed');
        if (handedOver && handedOver.amazonRefunds.length > 0) {
          return reattachAmazonRefunds(db, handedOver.amazonRefunds)
            .then((r) => logger.info(r, 'demo connectors: Amazon refunds re-attached to the orders the connectors brought back'))
            .catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'demo connectors: Amazon refunds could not be re-attached'));
        }
      })
      .catch(() => undefined);
  }, 2_000);
  watcher.unref();

  // SP-API notifications: the sandbox publishes ORDER_CHANGE envelopes to its in-process SQS-like queue, one queue
  // for the seller's EU and US accounts, and the server consumes it through the Amazon inbound adapter (an SQS
  // poller plugs in at the same place), routing each message to the connection of its marketplace.
  const euId = ids.get('Demo Amazon EU')!;
  const usId = ids.get('Demo Amazon US')!;
  const amazonQueue = pollAmazonQueue({
    queue: amazon.notifications,
    service: createWebhooksService({ db, jobs: () => deps.jobs, secrets: webhookSecretsFromConnections({ db, config: deps.config }), claims: createDatabaseDeliveryClaims(), logger }),
    connectionId: (body) => amazonConnectionFor(body, { eu: euId, us: usId }),
    onResult: (r) => {
      if (r.malformed.length > 0 || r.failed > 0) logger.warn({ ...r }, 'demo connectors: Amazon notifications not all taken');
    },
    onError: (err) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'demo connectors: Amazon notification queue failed'),
  });

  let webhookUrl: string | null = null;
  let sequence = 0;
  const createLiveOrder = async () => {
    const channel = pick(['AMAZON_UK', 'AMAZON_EU', 'AMAZON_US', 'SHOPIFY_UK', 'SHOPIFY_US'] as const);
    const priced = world.prices.filter((p) => p.channelCode === channel);
    if (priced.length === 0) return;
    const lines = [...new Map(Array.from({ length: 1 + randomInt(2) }, () => pick(priced)).map((p) => [p.sku, p])).values()].map((p) => ({ sku: p.sku, title: p.name, quantity: 1 + randomInt(3), unitPrice: p.listPrice }));
    const at = iso(new Date());
    sequence += 1;
    const isAmazon = channel.startsWith('AMAZON');
    const order: SandboxWorldOrder = {
      externalId: isAmazon ? `${['AMAZON_UK', 'AMAZON_EU', 'AMAZON_US'].indexOf(channel) + 202}-${String(Date.now() % 1e7).padStart(7, '0')}-${String(randomInt(1e7)).padStart(7, '0')}` : String(5_300_000_000_000 + Math.floor(Date.now() / 1000) * 10 + (sequence % 10)),
      channel,
      currency: channelCurrency[channel],
      placedAt: at,
      updatedAt: at,
      status: 'open',
      lines,
    };
    if (isAmazon) {
      const created = buildAmazonSandboxData({ orders: [order] }).orders[0]!;
      amazon.upsertOrder(created);
      // Its ORDER_CHANGE goes on the queue; the 5-minute orders sync is the backup Amazon recommends.
      amazon.emitOrderChange(created.order.AmazonOrderId);
      return;
    }
    const shop = shopDomains[channel as 'SHOPIFY_UK' | 'SHOPIFY_US'];
    const store = buildShopifySandboxStore({ shopDomain: shop, channel: channel as 'SHOPIFY_UK' | 'SHOPIFY_US', currency: channelCurrency[channel], accessToken: '', webhookSecret: '', orders: [order] });
    const created = store.orders[0]!;
    shopify.upsertOrder(shop, created);
    const delivery = webhookUrl ? await shopify.emitWebhook({ shopDomain: shop, topic: 'orders/create', url: webhookUrl, resourceId: created.id }) : null;
    const delivered = delivery !== null && (delivery.attempts.at(-1) ?? 0) >= 200 && (delivery.attempts.at(-1) ?? 0) < 300;
    // Without a webhook receiver the order still arrives, by polling.
    if (!delivered) await deps.jobs.enqueue(deps.syncJob, { connectionId: ids.get(`Demo Shopify ${channel.slice(-2)}`)!, resource: 'orders', trigger: 'demo' });
  };
  const timer = setInterval(() => {
    createLiveOrder().catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'demo connectors: live order failed'));
  }, deps.liveEveryMs ?? 20_000);
  timer.unref();

  return {
    setWebhookUrl(url) {
      webhookUrl = url;
    },
    async close() {
      clearInterval(timer);
      clearInterval(watcher);
      await amazonQueue.stop();
      await Promise.all([amazon.close(), shopify.close(), unleashed.close()]);
    },
  };
}

/** The demo connection an SP-API notification belongs to, by its marketplace's SP-API region (na → US account, eu → EU account). */
export function amazonConnectionFor(body: string, connections: { eu: string; us: string }): string | null {
  let notification;
  try {
    notification = parseAmazonNotification(body);
  } catch {
    return null;
  }
  const marketplaceId = notification.type === 'ORDER_CHANGE' ? notification.marketplaceId : notification.type === 'FBA_INVENTORY_AVAILABILITY_CHANGES' ? (notification.byMarketplace[0]?.marketplaceId ?? null) : null;
  const marketplace = marketplaceId ? marketplaceById(marketplaceId) : undefined;
  return marketplace?.spApiRegion === 'na' ? connections.us : marketplace?.spApiRegion === 'eu' ? connections.eu : null;
}

const DAY_MS = 86_400_000;
/** Days of orders the sandboxes hold on later starts: more than any connector's overlap window. */
const RECENT_DAYS = 7;
/** Amazon keeps two years of orders; older demo orders stay as seeded (no connector could read them back). */
const HISTORY_DAYS = 729;
const worldStatus = { PENDING: 'open', SHIPPED: 'shipped', DELIVERED: 'completed', CANCELLED: 'cancelled' } as const;

/** Once every initial sync job has finished: what the runs since `since` read and wrote, for the log. */
async function reportInitialSync(db: Db, jobs: JobProvider, jobIds: string[], connectionIds: string[], since: Date): Promise<{ jobs: number; failedJobs: number; records: number; written: number; syncSeconds: number } | null> {
  const states = await Promise.all(jobIds.map((id) => jobs.getJob(id)));
  if (states.some((j) => !j || (j.state !== 'completed' && j.state !== 'failed'))) return null;
  const runs = await db
    .select({ finishedAt: syncRuns.finishedAt, fetched: syncRuns.recordsFetched, written: syncRuns.recordsWritten })
    .from(syncRuns)
    .where(and(inArray(syncRuns.connectionId, connectionIds), gte(syncRuns.startedAt, since)));
  const finished = runs.map((r) => r.finishedAt?.getTime() ?? 0).filter((t) => t > 0);
  const last = finished.length > 0 ? Math.max(...finished) : Date.now();
  return {
    jobs: states.length,
    failedJobs: states.filter((j) => j!.state === 'failed').length,
    records: runs.reduce((n, r) => n + (r.fetched ?? 0), 0),
    written: runs.reduce((n, r) => n + (r.written ?? 0), 0),
    syncSeconds: Math.round((last - since.getTime()) / 100) / 10,
  };
}

/** Stored orders placed since `from` as the vendors hold them: consumer orders in their store or marketplace, wholesale ones in the ERP. */
async function loadOrderHistory(db: Pick<Db, 'select'>, from: Date): Promise<SandboxWorldOrder[]> {
  const heads = await db
    .select({ id: orders.id, externalId: orders.externalId, orderNumber: orders.orderNumber, channel: orders.channelCode, currency: orders.currency, region: orders.shipToRegion, status: orders.status, orderedAt: orders.orderedAt, shipping: orders.shipping, customerCode: customers.code })
    .from(orders)
    .leftJoin(customers, eq(customers.id, orders.customerId))
    .where(gte(orders.orderedAt, from))
    .orderBy(orders.orderedAt);
  const lines = await db.select({ orderId: orderLines.orderId, lineNumber: orderLines.lineNumber, sku: orderLines.sku, quantity: orderLines.quantity, unitPrice: orderLines.unitPrice, discount: orderLines.discount }).from(orderLines).innerJoin(orders, eq(orders.id, orderLines.orderId)).where(gte(orders.orderedAt, from));
  const refundRows = await db.select({ id: refunds.id, orderId: refunds.orderId, sku: refunds.sku, quantity: refunds.quantity, refundedAt: refunds.refundedAt, amount: refunds.amount }).from(refunds).innerJoin(orders, eq(orders.id, refunds.orderId)).where(and(gte(orders.orderedAt, from), isNotNull(refunds.amount)));
  const linesOf = new Map<string, typeof lines>();
  for (const l of lines) linesOf.set(l.orderId, [...(linesOf.get(l.orderId) ?? []), l]);
  const refundsOf = new Map<string, typeof refundRows>();
  for (const r of refundRows) refundsOf.set(r.orderId, [...(refundsOf.get(r.orderId) ?? []), r]);
  return heads.map((o) => {
    const own = (linesOf.get(o.id) ?? []).sort((a, b) => a.lineNumber - b.lineNumber);
    const isWholesale = o.customerCode !== null;
    return {
      externalId: o.externalId,
      channel: isWholesale ? 'WHOLESALE' : o.channel,
      currency: o.currency,
      placedAt: iso(o.orderedAt),
      updatedAt: iso(o.orderedAt),
      status: worldStatus[o.status],
      region: o.region,
      ...(isWholesale ? { customerCode: o.customerCode!, orderNumber: o.orderNumber } : {}),
      shipping: o.shipping,
      lines: own.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discount })),
      // Refunds travel with Shopify orders; Amazon's are in its Finances API, which the connector does not read.
      refunds: o.channel.startsWith('SHOPIFY') ? (refundsOf.get(o.id) ?? []).map((r) => ({ id: r.id, at: iso(r.refundedAt), lines: [{ sku: r.sku ?? own[0]?.sku ?? '', quantity: r.quantity, amount: r.amount }] })) : [],
    } satisfies SandboxWorldOrder;
  });
}

/**
 * First start in demo-connector mode: takes the seeded orders of the last two years (with their lines, refunds
 * and daily_sales cells) out of the database, in one transaction, and returns them for the sandboxes to serve,
 * so the whole history comes back through the connectors. Older orders, beyond what Amazon keeps, stay.
 */
export async function handOverOrderHistory(db: Db, now: Date): Promise<{ history: SandboxWorldOrder[]; amazonRefunds: AmazonRefund[] }> {
  const fromDay = new Date(Math.floor((now.getTime() - HISTORY_DAYS * DAY_MS) / DAY_MS) * DAY_MS);
  return db.transaction(async (tx) => {
    const history = await loadOrderHistory(tx, fromDay);
    // Amazon's refunds live in its Finances API, which no connector reads: they are kept and re-attached by order id.
    const amazonRefunds = await tx
      .select({ channel: orders.channelCode, externalId: orders.externalId, id: refunds.id, sku: refunds.sku, quantity: refunds.quantity, refundedAt: refunds.refundedAt, amount: refunds.amount, currency: refunds.currency, reason: refunds.reason })
      .from(refunds)
      .innerJoin(orders, eq(orders.id, refunds.orderId))
      .where(and(gte(orders.orderedAt, fromDay), sql`${orders.channelCode}::text like 'AMAZON%'`));
    await tx.delete(orders).where(gte(orders.orderedAt, fromDay));
    await tx.delete(dailySales).where(gte(dailySales.salesDate, iso(fromDay).slice(0, 10)));
    await tx.delete(integrationRecords).where(eq(integrationRecords.entity, 'order'));
    return { history, amazonRefunds };
  });
}

export type AmazonRefund = { channel: Channel; externalId: string; id: string; sku: string | null; quantity: number; refundedAt: Date; amount: string; currency: 'GBP' | 'EUR' | 'USD'; reason: string };

/** After the initial sync: the kept Amazon refunds go back onto their orders, found again by channel and Amazon order id. */
export async function reattachAmazonRefunds(db: Db, kept: AmazonRefund[]): Promise<{ refunds: number; reattached: number; orderMissing: number }> {
  return db.transaction(async (tx) => {
    const externalIds = [...new Set(kept.map((r) => r.externalId))];
    const found = new Map<string, string>();
    for (let i = 0; i < externalIds.length; i += 1000) {
      const rows = await tx.select({ id: orders.id, channel: orders.channelCode, externalId: orders.externalId }).from(orders).where(inArray(orders.externalId, externalIds.slice(i, i + 1000)));
      for (const o of rows) found.set(`${o.channel}:${o.externalId}`, o.id);
    }
    const rows = kept.flatMap(({ channel, externalId, ...r }) => {
      const orderId = found.get(`${channel}:${externalId}`);
      return orderId ? [{ ...r, orderId }] : [];
    });
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(refunds).values(rows.slice(i, i + 1000)).onConflictDoNothing();
    return { refunds: kept.length, reattached: rows.length, orderMissing: kept.length - rows.length };
  });
}

/** The demo company as the vendors would hold it: catalogue, list prices, stock per location, suppliers and recent purchase orders. */
async function loadDemoWorld(db: Db, now: Date) {
  const at = iso(now);
  const productRows = await db.select({ sku: products.sku, name: products.name, standardCost: products.standardCost, category: products.category }).from(products).where(eq(products.isActive, true));
  const materialRows = await db.select({ code: materials.code, name: materials.name, standardCost: materials.standardCost, unit: materials.unitOfMeasure }).from(materials);
  const today = at.slice(0, 10);
  const priceRows = await db
    .selectDistinctOn([productPrices.sku, productPrices.channelCode], { sku: productPrices.sku, channelCode: productPrices.channelCode, listPrice: productPrices.listPrice })
    .from(productPrices)
    .where(and(lte(productPrices.validFrom, today), inArray(productPrices.sku, productRows.length ? productRows.map((p) => p.sku) : [''])))
    .orderBy(productPrices.sku, productPrices.channelCode, desc(productPrices.validFrom));
  const prices = priceRows.map((p) => ({ ...p, name: productRows.find((x) => x.sku === p.sku)?.name ?? p.sku, listPrice: Number(p.listPrice).toFixed(2) }));
  const stockRows = await db.select({ sku: inventory.sku, warehouse: inventory.warehouseCode, onHand: inventory.quantityOnHand, reserved: inventory.quantityReserved, updatedAt: inventory.updatedAt }).from(inventory);
  const materialStock = await db.select({ sku: materialInventory.materialCode, warehouse: materialInventory.warehouseCode, onHand: materialInventory.quantityOnHand, updatedAt: materialInventory.updatedAt }).from(materialInventory);
  const warehouseRows = await db.select().from(warehouses).where(inArray(warehouses.code, erpWarehouses));
  const stock: SandboxWorldStock[] = [
    // Negative or fractional stock cannot come from a vendor; the demo's own figures are whole and non-negative.
    ...stockRows.filter((s) => s.onHand >= 0).map((s) => ({ sku: s.sku, location: fbaChannel[s.warehouse] ?? s.warehouse, onHand: s.onHand, reserved: Math.min(s.reserved, s.onHand), updatedAt: iso(s.updatedAt) })),
    ...materialStock.filter((s) => Number(s.onHand) >= 0 && Number.isInteger(Number(s.onHand))).map((s) => ({ sku: s.sku, location: s.warehouse, onHand: Number(s.onHand), updatedAt: iso(s.updatedAt) })),
  ];
  const supplierRows = await db.select().from(suppliers);
  const bomRows = await db.select().from(billOfMaterials).orderBy(billOfMaterials.sku, billOfMaterials.materialCode);
  const since = new Date(now.getTime() - 90 * 86_400_000);
  // Only orders the ERP round trip maps back to the same status; drafts and approvals belong to this app's workflow.
  const poRows = await db
    .select()
    .from(purchaseOrders)
    .where(and(gte(purchaseOrders.orderedAt, since), inArray(purchaseOrders.status, ['SENT', 'PARTIALLY_RECEIVED', 'RECEIVED']), sql`${purchaseOrders.createdBy} is null`));
  const poLines = poRows.length ? await db.select().from(purchaseOrderLines).where(inArray(purchaseOrderLines.purchaseOrderId, poRows.map((p) => p.id))) : [];
  const erp = {
    products: [
      ...productRows.map((p) => ({ sku: p.sku, name: p.name, cost: p.standardCost, isAssembled: true, isComponent: false, group: p.category, updatedAt: at })),
      ...materialRows.map((m) => ({ sku: m.code, name: m.name, cost: m.standardCost, isAssembled: false, isComponent: true, unit: m.unit, group: 'Materials', updatedAt: at })),
    ],
    warehouses: warehouseRows.map((w) => ({ code: w.code, name: w.name, isDefault: w.code === 'UK-MAIN', updatedAt: at })),
    suppliers: supplierRows.map((s) => ({ code: s.code, name: s.name, currency: s.currency, leadTimeDays: s.leadTimeDays, updatedAt: iso(s.createdAt) })),
    stock: stock.filter((s) => erpWarehouses.includes(s.location)),
    billsOfMaterials: bomRows.length
      ? [...new Set(bomRows.map((b) => b.sku))].map((sku) => ({
          sku,
          updatedAt: at,
          lines: bomRows.filter((b) => b.sku === sku).map((b) => ({ sku: b.materialCode, quantity: b.quantityPerUnit, wastage: new Dec(b.quantityPerUnit).times(b.scrapAllowance).toString() })),
        }))
      : [],
    purchaseOrders: poRows.flatMap((po) => {
      const supplier = supplierRows.find((s) => s.id === po.supplierId);
      if (!supplier) return [];
      const lines = poLines.filter((l) => l.purchaseOrderId === po.id).sort((a, b) => a.lineNumber - b.lineNumber);
      return [
        {
          number: po.poNumber,
          supplierCode: supplier.code,
          warehouse: 'UK-MAIN',
          currency: po.currency,
          status: po.status === 'RECEIVED' ? 'Complete' : 'Placed',
          orderDate: iso(po.orderedAt),
          requiredDate: `${po.expectedDate}T00:00:00Z`,
          ...(po.receivedAt ? { completedDate: iso(po.receivedAt) } : {}),
          updatedAt: iso(po.receivedAt ?? po.orderedAt),
          lines: lines.map((l) => ({ sku: l.materialCode, quantity: Number(l.quantity), unitPrice: l.unitPrice, received: Number(l.quantityReceived), dueDate: `${l.expectedDate}T00:00:00Z` })),
        },
      ];
    }),
  };
  return { prices, stock, erp };
}

/** `npm start` hook: demo connectors when DEMO_CONNECTORS=true and the demo company exists; null otherwise. */
export async function startDemoConnectorsIfEnabled(deps: { db: Db; config: Config; jobs: JobProvider; bus: Parameters<typeof createIntegrationSyncJob>[0]['bus']; logger: Logger; hasDemoCompany: boolean }): Promise<DemoConnectors | null> {
  if (!deps.config.demoConnectors) return null;
  if (!deps.config.demoData || !deps.hasDemoCompany) {
    deps.logger.warn({}, 'DEMO_CONNECTORS=true needs the demo company (DEMO_DATA=true): sandboxes not started');
    return null;
  }
  return startDemoConnectors({ db: deps.db, config: deps.config, jobs: deps.jobs, syncJob: createIntegrationSyncJob({ db: deps.db, bus: deps.bus, config: deps.config }), logger: deps.logger });
}
