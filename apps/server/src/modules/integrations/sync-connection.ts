import { and, eq, sql } from 'drizzle-orm';
import type { SyncResourceCode } from '@sentia/contracts/integration-connections';
import type { Channel, Currency } from '@sentia/contracts/common';
import type { NormalisedAssembly, NormalisedBillOfMaterials, NormalisedInventoryLevel, NormalisedOrder, NormalisedProduct, NormalisedPurchaseOrder, NormalisedSupplier, NormalisedWarehouse } from '@sentia/contracts/integrations';
import { isConnectorError } from '@sentia/connectors/shared/connector-error';
import { redactSecrets } from '@sentia/connectors/shared/secrets';
import type { Db } from '@sentia/db/create-db';
import { integrationConnections, syncRuns, syncState } from '@sentia/db/schema';
import type { EventBus } from '../../events/create-event-bus.ts';
import type { ConnectorHandle, ConnectorRegistry, ResourcePage } from './connector-registry.ts';
import { ingestAssemblies } from './ingest-assemblies.ts';
import { ingestBillsOfMaterials } from './ingest-bills-of-materials.ts';
import { ingestInventoryLevels } from './ingest-inventory-levels.ts';
import { ingestOrders } from './ingest-orders.ts';
import { ingestProducts } from './ingest-products.ts';
import { ingestPurchaseOrders } from './ingest-purchase-orders.ts';
import { ingestSalesOrders } from './ingest-sales-orders.ts';
import { ingestSuppliers } from './ingest-suppliers.ts';
import { ingestWarehouses } from './ingest-warehouses.ts';
import { saveShopifyInventoryItems } from './shopify-inventory-items.ts';

export type SyncTrigger = 'schedule' | 'manual' | 'demo' | 'test';

export interface SyncRunResult {
  status: 'succeeded' | 'skipped';
  resource: SyncResourceCode;
  fetched: number;
  written: number;
  rejected: number;
  reason?: string;
}

export interface SyncDeps {
  db: Db;
  bus?: EventBus | undefined;
  registry: ConnectorRegistry;
  now?: () => Date;
}

/** Live `order.created` events per run: an initial sync of thousands of orders announces itself with one kpi.updated instead. */
const MAX_ORDER_EVENTS = 20;
/** A run that has been "running" longer than this is taken to have died with its process. */
const STALE_RUN_MS = 15 * 60_000;

/** Connector error text is written without secrets (the connectors never put them there; this is the belt to those braces). */
const safeMessage = (error: unknown) => String(redactSecrets({ message: error instanceof Error ? error.message : String(error) }).message).slice(0, 1000);

/** Saves what the connector knows about its vendor (breaker, rate-limit headroom, quota) for every process to show. */
export async function saveConnectorHealth(db: Db, handle: ConnectorHandle, now: Date): Promise<void> {
  const h = handle.health();
  const breaker = {
    state: h.breaker.state,
    recentFailures: h.breaker.recentFailures,
    openedAt: h.breaker.openedAt === null ? null : new Date(h.breaker.openedAt).toISOString(),
    retryAt: h.breaker.retryAt === null ? null : new Date(h.breaker.retryAt).toISOString(),
    lastFailure: h.breaker.lastFailure === null ? null : safeMessage(h.breaker.lastFailure),
  };
  const patch = { breaker, rateLimit: h.rateLimit, ...(h.quota ? { quota: h.quota } : {}), updatedAt: now.toISOString() };
  // Not touching updated_at: it versions the connection's settings, and a new version rebuilds the client.
  await db
    .update(integrationConnections)
    .set({ health: sql`${integrationConnections.health} || ${JSON.stringify(patch)}::jsonb` })
    .where(eq(integrationConnections.id, handle.connectionId));
}

interface PageOutcome {
  written: number;
  rejected: number;
  days: string[];
  skus: string[];
  newOrders: Awaited<ReturnType<typeof ingestOrders>>['written'];
}

/**
 * Records persisted per transaction. Vendors page small (Shopify: 10 orders, its cost limit), and each
 * transaction has a fixed cost (reference reads, locks, the daily_sales upsert, the cursor), so consecutive
 * pages are written together with the cursor of the last: a crash still resumes where the last commit left
 * off, and re-reading a page writes nothing.
 */
const BATCH_RECORDS = 500;

async function* batchPages(pages: AsyncGenerator<ResourcePage>, maxRecords: number): AsyncGenerator<ResourcePage> {
  let pending: ResourcePage | null = null;
  for await (const page of pages) {
    pending = pending ? { kind: page.kind, records: [...pending.records, ...page.records], cursor: page.cursor } : page;
    if (pending.records.length >= maxRecords) {
      yield pending;
      pending = null;
    }
  }
  if (pending) yield pending;
}

/** Reads the next batch from the vendor while the current one is being written. */
async function* prefetched<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  try {
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = source.next();
      yield result.value;
    }
  } finally {
    // The consumer stopped (a write failed): the read in flight must not surface as an unhandled rejection.
    next.catch(() => undefined);
  }
}

/** Connection settings the ingest functions read (`integration_connections.config`). */
interface IngestSettings {
  locationMap?: Record<string, string>;
  wholesaleChannels?: Partial<Record<Currency, Channel>>;
  assemblyWorkCentre?: string;
}

async function persistPage(tx: Parameters<Parameters<Db['transaction']>[0]>[0], page: ResourcePage, settings: IngestSettings): Promise<PageOutcome> {
  const empty: PageOutcome = { written: 0, rejected: 0, days: [], skus: [], newOrders: [] };
  const { locationMap } = settings;
  switch (page.kind) {
    case 'orders': {
      const r = await ingestOrders(tx, page.records as NormalisedOrder[]);
      return { written: r.inserted + r.updated, rejected: r.rejected.length, days: r.affectedDays, skus: [], newOrders: r.written.filter((w) => w.isNew) };
    }
    case 'sales-orders': {
      const r = await ingestSalesOrders(tx, page.records as NormalisedOrder[], settings.wholesaleChannels ? { wholesaleChannels: settings.wholesaleChannels } : {});
      return { written: r.inserted + r.updated, rejected: r.rejected.length, days: r.affectedDays, skus: [], newOrders: r.written.filter((w) => w.isNew) };
    }
    case 'warehouses': {
      const r = await ingestWarehouses(tx, page.records as NormalisedWarehouse[], locationMap ? { locationMap } : {});
      return { ...empty, written: r.inserted + r.updated, rejected: r.rejected.length };
    }
    case 'bills-of-materials': {
      const r = await ingestBillsOfMaterials(tx, page.records as NormalisedBillOfMaterials[]);
      return { ...empty, written: r.inserted + r.updated, rejected: r.rejected.length };
    }
    case 'assemblies': {
      const r = await ingestAssemblies(tx, page.records as NormalisedAssembly[], settings.assemblyWorkCentre ? { defaultWorkCentre: settings.assemblyWorkCentre } : {});
      return { ...empty, written: r.inserted + r.updated, rejected: r.rejected.length };
    }
    case 'inventory': {
      const r = await ingestInventoryLevels(tx, page.records as NormalisedInventoryLevel[], locationMap ? { locationMap } : {});
      return { ...empty, written: r.inserted + r.updated, rejected: r.rejected.length, skus: r.affectedSkus };
    }
    case 'products': {
      const r = await ingestProducts(tx, page.records as NormalisedProduct[]);
      return { ...empty, written: r.inserted + r.updated, rejected: r.rejected.length };
    }
    case 'suppliers': {
      const r = await ingestSuppliers(tx, page.records as NormalisedSupplier[]);
      return { ...empty, written: r.inserted + r.updated, rejected: r.rejected.length };
    }
    case 'purchase-orders': {
      const r = await ingestPurchaseOrders(tx, page.records as NormalisedPurchaseOrder[]);
      return { ...empty, written: r.inserted + r.updated, rejected: r.rejected.length };
    }
  }
}

/**
 * One incremental sync of a connection's resource: reads pages from the connector starting at the stored
 * cursor and persists each page with its cursor in one transaction (a crash resumes at the next page; a
 * re-run writes nothing new), records the run in `sync_runs`, keeps `sync_state` and the connection's health
 * current and publishes what changed (order.created for a few new orders, kpi.updated, inventory.changed,
 * sync.completed) so dashboards refresh and the KPI cache drops stale entries.
 *
 * An open circuit breaker is not a failure of this run: it is recorded as skipped and the dashboards keep
 * serving the stored data (and say the source is degraded). Every other error is recorded and rethrown for
 * the job system, which dead-letters it: the connector already retried each call 3 times (2 s, 4 s, 8 s).
 */
export async function syncConnectionResource(deps: SyncDeps, input: { connectionId: string; resource: SyncResourceCode; trigger: SyncTrigger; jobId?: string | null }): Promise<SyncRunResult> {
  const now = deps.now ?? (() => new Date());
  const { db } = deps;
  const base = { resource: input.resource, fetched: 0, written: 0, rejected: 0 };
  const [row] = await db.select().from(integrationConnections).where(eq(integrationConnections.id, input.connectionId));
  if (!row) return { ...base, status: 'skipped', reason: 'the connection was removed' };
  if (row.status === 'DISABLED') return { ...base, status: 'skipped', reason: 'the connection is disabled' };

  const [running] = await db
    .select({ id: syncRuns.id, startedAt: syncRuns.startedAt })
    .from(syncRuns)
    .where(and(eq(syncRuns.connectionId, row.id), eq(syncRuns.resource, input.resource), eq(syncRuns.status, 'running')))
    .limit(1);
  if (running && now().getTime() - running.startedAt.getTime() < STALE_RUN_MS) return { ...base, status: 'skipped', reason: 'a run of this resource is already in progress' };
  if (running) await db.update(syncRuns).set({ status: 'failed', finishedAt: now(), errorCode: 'ABANDONED', error: 'the process running it stopped' }).where(eq(syncRuns.id, running.id));

  const startedAt = now();
  const [run] = await db.insert(syncRuns).values({ connectionId: row.id, resource: input.resource, trigger: input.trigger, jobId: input.jobId ?? null, status: 'running', startedAt }).returning({ id: syncRuns.id });
  await db
    .insert(syncState)
    .values({ connectionId: row.id, resource: input.resource, lastStartedAt: startedAt })
    .onConflictDoUpdate({ target: [syncState.connectionId, syncState.resource], set: { lastStartedAt: startedAt, updatedAt: startedAt } });
  const [state] = await db.select({ cursor: syncState.cursor }).from(syncState).where(and(eq(syncState.connectionId, row.id), eq(syncState.resource, input.resource)));

  let handle: ConnectorHandle | undefined;
  const totals = { fetched: 0, written: 0, rejected: 0 };
  const days = new Set<string>();
  const skus = new Set<string>();
  const newOrders: PageOutcome['newOrders'] = [];
  const settings = (row.config ?? {}) as IngestSettings;
  try {
    handle = deps.registry.get(row);
    for await (const page of prefetched(batchPages(handle.sync(input.resource, state?.cursor ?? null), BATCH_RECORDS))) {
      const outcome = await db.transaction(async (tx) => {
        const result = await persistPage(tx, page, settings);
        if (row.provider === 'SHOPIFY' && page.kind === 'inventory') await saveShopifyInventoryItems(tx, row.id, page.records as NormalisedInventoryLevel[]);
        await tx.update(syncState).set({ cursor: page.cursor, updatedAt: now() }).where(and(eq(syncState.connectionId, row.id), eq(syncState.resource, input.resource)));
        return result;
      });
      totals.fetched += page.records.length;
      totals.written += outcome.written;
      totals.rejected += outcome.rejected;
      outcome.days.forEach((d) => days.add(d));
      outcome.skus.forEach((s) => skus.add(s));
      newOrders.push(...outcome.newOrders);
    }
  } catch (error) {
    const finishedAt = now();
    const code = isConnectorError(error) ? error.code : 'INTERNAL';
    const message = safeMessage(error);
    const isBreakerOpen = code === 'CIRCUIT_OPEN';
    await db.update(syncRuns).set({ status: isBreakerOpen ? 'skipped' : 'failed', finishedAt, errorCode: code, error: message, recordsFetched: totals.fetched, recordsWritten: totals.written, recordsRejected: totals.rejected }).where(eq(syncRuns.id, run!.id));
    await db
      .update(syncState)
      .set({ lastErrorAt: finishedAt, lastError: `${code}: ${message}`, consecutiveFailures: isBreakerOpen ? sql`${syncState.consecutiveFailures}` : sql`${syncState.consecutiveFailures} + 1`, updatedAt: finishedAt })
      .where(and(eq(syncState.connectionId, row.id), eq(syncState.resource, input.resource)));
    if (code === 'AUTH_FAILED' || code === 'INVALID_CONFIG') await db.update(integrationConnections).set({ status: 'ERROR' }).where(eq(integrationConnections.id, row.id));
    if (handle) await saveConnectorHealth(db, handle, finishedAt);
    await publishChanges(deps.bus, row, totals.written, days, skus, newOrders);
    if (isBreakerOpen) return { ...base, ...totals, status: 'skipped', reason: message };
    throw error;
  }

  const finishedAt = now();
  await db.update(syncRuns).set({ status: 'succeeded', finishedAt, recordsFetched: totals.fetched, recordsWritten: totals.written, recordsRejected: totals.rejected }).where(eq(syncRuns.id, run!.id));
  await db
    .update(syncState)
    .set({ lastSuccessAt: finishedAt, consecutiveFailures: 0, recordsSynced: totals.fetched, updatedAt: finishedAt })
    .where(and(eq(syncState.connectionId, row.id), eq(syncState.resource, input.resource)));
  if (row.status === 'ERROR') await db.update(integrationConnections).set({ status: 'ACTIVE' }).where(eq(integrationConnections.id, row.id));
  await saveConnectorHealth(db, handle, finishedAt);
  await publishChanges(deps.bus, row, totals.written, days, skus, newOrders);
  return { ...base, ...totals, status: 'succeeded' };
}

async function publishChanges(bus: EventBus | undefined, row: { provider: string; name: string }, written: number, days: Set<string>, skus: Set<string>, newOrders: PageOutcome['newOrders']): Promise<void> {
  if (!bus || written === 0) return;
  for (const order of newOrders.slice(0, MAX_ORDER_EVENTS)) {
    await bus.publish('order.created', { orderId: order.orderId, channel: order.channel, region: order.region, placedAt: order.placedAt, lineCount: order.lineCount, units: order.units, total: { amount: order.total, currency: order.currency } });
  }
  const sortedDays = [...days].sort();
  if (sortedDays.length > 0) await bus.publish('kpi.updated', { reason: 'sync.completed', from: sortedDays[0], to: sortedDays.at(-1) });
  if (skus.size > 0) await bus.publish('inventory.changed', { skuCodes: [...skus].sort(), reason: `sync:${row.provider.toLowerCase()}` });
  await bus.publish('sync.completed', { source: `${row.provider.toLowerCase()}:${row.name}`, recordCount: written });
}
