import { eq } from 'drizzle-orm';
import type { Channel, Region } from '@sentia/contracts/common';
import type { NormalisedInventoryLevel, NormalisedOrder } from '@sentia/contracts/integrations';
import { marketplaceById } from '@sentia/connectors/amazon/amazon-config';
import { parseAmazonNotification } from '@sentia/connectors/amazon/amazon-notifications';
import { mapWebhookInventoryLevel, mapWebhookOrder } from '@sentia/connectors/shopify/map-shopify-order';
import type { Db } from '@sentia/db/create-db';
import { channels, integrationConnections } from '@sentia/db/schema';
import type { Config } from '../../config.ts';
import type { EventBus } from '../../events/create-event-bus.ts';
import type { ConnectorHandle } from '../integrations/connector-registry.ts';
import { ingestInventoryLevels } from '../integrations/ingest-inventory-levels.ts';
import { ingestOrders, type IngestOrdersResult } from '../integrations/ingest-orders.ts';
import { integrationsRuntimeFor } from '../integrations/integrations-runtime.ts';
import { findConnectionRow } from '../integrations/integrations.repository.ts';
import { findShopifyInventoryLevel, saveShopifyInventoryItems, touchShopifyInventoryLevel } from '../integrations/shopify-inventory-items.ts';
import { saveConnectorHealth } from '../integrations/sync-connection.ts';
import { markProcessed, type StoredDelivery } from './webhooks.repository.ts';

/** Shopify topics whose body is a REST Order: each is the whole order as of its `updated_at`. */
const orderTopics = new Set(['orders/create', 'orders/updated', 'orders/paid', 'orders/cancelled', 'orders/fulfilled', 'orders/partially_fulfilled', 'orders/edited']);

export type ProcessOutcome =
  | { kind: 'orders'; inserted: number; updated: number; unchanged: number; stale: number }
  | { kind: 'inventory'; inserted: number; updated: number; unchanged: number; stale: number; ignored: number; lookedUp?: boolean }
  | { kind: 'ignored'; reason: string };

interface StoredPayload {
  body: unknown;
  meta: Record<string, unknown>;
}

async function connectionContext(db: Db, connectionId: string | null): Promise<{ channel: Channel | null; region: Region | null; config: Record<string, unknown> }> {
  if (!connectionId) throw new Error('the delivery has no connection (it was removed after the delivery arrived)');
  const [row] = await db
    .select({ channelCode: integrationConnections.channelCode, config: integrationConnections.config, homeRegion: channels.homeRegion })
    .from(integrationConnections)
    .leftJoin(channels, eq(channels.code, integrationConnections.channelCode))
    .where(eq(integrationConnections.id, connectionId))
    .limit(1);
  if (!row) throw new Error(`connection ${connectionId} no longer exists`);
  const config = (row.config ?? {}) as Record<string, unknown>;
  const region = typeof config.region === 'string' ? (config.region as Region) : ((row.homeRegion as Region | null) ?? null);
  return { channel: (row.channelCode as Channel | null) ?? null, region, config };
}

export interface ProcessDeps {
  db: Db;
  bus?: EventBus | undefined;
  /** The integrations' credential key comes from it (the connector a notification is followed up through). */
  config?: Config | undefined;
}

/**
 * The delivery's connection's connector: the process's one client per connection, so a follow-up call shares
 * the sync's token buckets, Shopify cost budget and circuit breaker.
 */
async function connectorOf(deps: ProcessDeps, connectionId: string | null): Promise<ConnectorHandle> {
  if (!connectionId) throw new Error('the delivery has no connection (it was removed after the delivery arrived)');
  const row = await findConnectionRow(deps.db, connectionId);
  if (!row) throw new Error(`connection ${connectionId} no longer exists`);
  if (row.status === 'DISABLED') throw new Error(`connection ${row.name} is disabled`);
  return integrationsRuntimeFor(deps.db, deps.config).registry.get(row);
}

/** Ingests the orders in one transaction with the delivery's PROCESSED mark; a rejected order fails the job. */
async function ingestDeliveryOrders(db: Db, delivery: StoredDelivery, orders: NormalisedOrder[]): Promise<IngestOrdersResult> {
  return db.transaction(async (tx) => {
    const result = await ingestOrders(tx, orders, { sourceLabel: `webhook:${delivery.provider.toLowerCase()}` });
    if (result.rejected.length > 0) throw new Error(`order ${result.rejected[0]!.sourceId} rejected: ${result.rejected[0]!.reason}`);
    await markProcessed(tx, delivery.id);
    return result;
  });
}

/** Tells every dashboard: `order.created` per new order, then one `kpi.updated` over the days that moved. */
async function announce(bus: EventBus | undefined, result: IngestOrdersResult, orders: NormalisedOrder[], reason: string): Promise<void> {
  if (!bus) return;
  for (const written of result.written) {
    if (!written.isNew) continue;
    const source = orders.find((o) => o.sourceId === written.sourceId);
    await bus.publish('order.created', {
      orderId: written.orderId,
      channel: written.channel,
      region: written.region,
      placedAt: written.placedAt,
      lineCount: source?.lines.length ?? 0,
      units: written.units,
      total: { amount: written.total, currency: written.currency },
    });
  }
  if (result.affectedDays.length > 0) await bus.publish('kpi.updated', { reason, from: result.affectedDays[0]!, to: result.affectedDays.at(-1)! });
}

const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * The reserved units of one marketplace. The notification's `ReservedQuantityBreakdown` fields are not in the
 * reference's documented subset: a total field is taken when present, otherwise the parts are added up, so the
 * level agrees with what the FBA inventory poll reports as `reservedQuantity.totalReservedQuantity`.
 */
function reservedOf(breakdown: unknown): number {
  if (!breakdown || typeof breakdown !== 'object') return 0;
  const fields = breakdown as Record<string, unknown>;
  const total = fields.TotalReservedQuantity ?? fields.TotalReserved;
  if (typeof total === 'number') return total;
  return Object.values(fields).reduce<number>((n, v) => n + count(v), 0);
}

/** FBA_INVENTORY_AVAILABILITY_CHANGES → the same normalised levels the FBA inventory poll produces (`<sku>@<marketplace>`). */
function amazonInventoryLevels(envelope: unknown, account: string): NormalisedInventoryLevel[] {
  const notification = parseAmazonNotification(envelope);
  if (notification.type !== 'FBA_INVENTORY_AVAILABILITY_CHANGES') return [];
  const payload = (envelope as { Payload: Record<string, unknown> }).Payload;
  const raw = (payload.FBAInventoryAvailabilityChangeNotification ?? payload) as { FulfillmentInventoryByMarketplace?: { MarketplaceId: string; FulfillmentInventory?: { ReservedQuantityBreakdown?: unknown } }[] };
  const levels: NormalisedInventoryLevel[] = [];
  for (const m of notification.byMarketplace) {
    const marketplace = marketplaceById(m.marketplaceId);
    if (!marketplace) continue;
    const reserved = reservedOf(raw.FulfillmentInventoryByMarketplace?.find((r) => r.MarketplaceId === m.marketplaceId)?.FulfillmentInventory?.ReservedQuantityBreakdown);
    levels.push({
      source: 'amazon',
      account,
      sourceId: `${notification.sellerSku}@${m.marketplaceId}`,
      sku: notification.sellerSku,
      locationId: m.marketplaceId,
      locationName: `Amazon FBA ${marketplace.code}`,
      region: marketplace.region,
      onHand: String(m.fulfillable + reserved + m.researching + m.unfulfillable),
      available: String(m.fulfillable),
      reserved: String(reserved),
      inbound: String(m.inbound),
      unfulfillable: String(m.unfulfillable),
      averageCost: null,
      updatedAt: notification.eventTime,
    });
  }
  return levels;
}

const numericId = (gid: string) => gid.slice(gid.lastIndexOf('/') + 1);

/**
 * `inventory_levels/update` names an inventory item and a location and carries only `available` (reference B.7).
 * The SKU and the level's other quantities come from what the GraphQL inventory sync remembered for this store
 * (on hand = available + committed + unavailable, as last read); an item or location not seen yet is read through the
 * connector (`inventoryItem`, the store's cost budget and breaker) and remembered, never dropped.
 */
async function shopifyWebhookLevels(deps: ProcessDeps, delivery: StoredDelivery, body: unknown, account: string, region: Region): Promise<{ levels: NormalisedInventoryLevel[]; lookedUp: boolean; ref: { itemId: string; locationId: string; updatedAt: Date } }> {
  const level = mapWebhookInventoryLevel(body);
  const ref = { itemId: numericId(level.inventoryItemId), locationId: numericId(level.locationId), updatedAt: new Date(level.updatedAt) };
  // An untracked item has no quantity to apply.
  if (level.available === null) return { levels: [], lookedUp: false, ref };
  const known = await findShopifyInventoryLevel(deps.db, delivery.connectionId!, ref.itemId, ref.locationId);
  if (known) {
    const available = Number(level.available);
    return {
      lookedUp: false,
      ref,
      levels: [
        {
          source: 'shopify',
          account,
          sourceId: level.sourceId,
          sku: known.sku,
          locationId: level.locationId,
          locationName: null,
          region,
          onHand: String(available + known.committed + known.unavailable),
          available: String(available),
          reserved: String(known.committed),
          inbound: '0',
          unfulfillable: String(known.unavailable),
          averageCost: null,
          updatedAt: level.updatedAt,
        },
      ],
    };
  }
  const connector = await connectorOf(deps, delivery.connectionId);
  if (!connector.fetchInventoryItem) throw new Error(`connection ${delivery.connectionId} cannot read Shopify inventory items`);
  let item: Awaited<ReturnType<NonNullable<ConnectorHandle['fetchInventoryItem']>>>;
  try {
    item = await connector.fetchInventoryItem(level.inventoryItemId);
  } finally {
    await saveConnectorHealth(deps.db, connector, new Date());
  }
  if (!item) return { levels: [], lookedUp: true, ref };
  await saveShopifyInventoryItems(deps.db, delivery.connectionId!, item.levels);
  // The read is at least as new as the webhook: its full quantities are applied for the webhook's location.
  return { levels: item.levels.filter((l) => l.locationId === level.locationId), lookedUp: true, ref };
}

/** Applies one stored delivery. Throws to have the job retried (and, after the last attempt, dead-lettered). */
export async function processDelivery(deps: ProcessDeps, delivery: StoredDelivery): Promise<ProcessOutcome> {
  const { db } = deps;
  const payload = delivery.payload as StoredPayload;
  if (delivery.provider === 'SHOPIFY' && orderTopics.has(delivery.topic)) {
    const context = await connectionContext(db, delivery.connectionId);
    if (!context.channel || !context.region) throw new Error(`Shopify connection ${delivery.connectionId} has no sales channel and region`);
    const shopDomain = String(payload.meta.shopDomain ?? context.config.shopDomain ?? '');
    const orders = [mapWebhookOrder(payload.body, { shopDomain, channel: context.channel, region: context.region })];
    const result = await ingestDeliveryOrders(db, delivery, orders);
    await announce(deps.bus, result, orders, `webhook:${delivery.topic}`);
    return { kind: 'orders', inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, stale: result.stale };
  }
  if (delivery.provider === 'SHOPIFY' && delivery.topic === 'inventory_levels/update') {
    const context = await connectionContext(db, delivery.connectionId);
    if (!context.region) throw new Error(`Shopify connection ${delivery.connectionId} has no region`);
    const shopDomain = String(payload.meta.shopDomain ?? context.config.shopDomain ?? '').toLowerCase();
    const { levels, lookedUp, ref } = await shopifyWebhookLevels(deps, delivery, payload.body, shopDomain, context.region);
    const locationMap = context.config.locationMap as Record<string, string> | undefined;
    const result = await db.transaction(async (tx) => {
      const ingested = await ingestInventoryLevels(tx, levels, locationMap ? { locationMap } : {});
      if (ingested.rejected.length > 0) throw new Error(`inventory level ${ingested.rejected[0]!.sourceId} rejected: ${ingested.rejected[0]!.reason}`);
      if (ingested.inserted + ingested.updated + ingested.unchanged > 0) await touchShopifyInventoryLevel(tx, delivery.connectionId!, ref.itemId, ref.locationId, ref.updatedAt);
      await markProcessed(tx, delivery.id);
      return ingested;
    });
    if (deps.bus && result.affectedSkus.length > 0) {
      await deps.bus.publish('inventory.changed', { skuCodes: result.affectedSkus, reason: 'webhook:inventory_levels/update' });
      await deps.bus.publish('kpi.updated', { reason: 'webhook:inventory_levels/update' });
    }
    return { kind: 'inventory', inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, stale: result.stale, ignored: result.ignored, lookedUp };
  }
  if (delivery.provider === 'AMAZON' && delivery.topic === 'ORDER_CHANGE') {
    // The notification names the order but carries no money (reference A.10): read it through the connector.
    const notification = parseAmazonNotification(payload.body);
    if (notification.type !== 'ORDER_CHANGE') throw new Error('stored ORDER_CHANGE delivery does not parse as one');
    const connector = await connectorOf(deps, delivery.connectionId);
    if (!connector.fetchOrder) throw new Error(`connection ${delivery.connectionId} cannot read Amazon orders`);
    let order: NormalisedOrder;
    try {
      order = await connector.fetchOrder(notification.amazonOrderId);
    } finally {
      await saveConnectorHealth(db, connector, new Date());
    }
    const result = await ingestDeliveryOrders(db, delivery, [order]);
    await announce(deps.bus, result, [order], 'webhook:ORDER_CHANGE');
    return { kind: 'orders', inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, stale: result.stale };
  }
  if (delivery.provider === 'AMAZON' && delivery.topic === 'FBA_INVENTORY_AVAILABILITY_CHANGES') {
    const context = await connectionContext(db, delivery.connectionId);
    const levels = amazonInventoryLevels(payload.body, String(context.config.sellerId ?? delivery.connectionId));
    const result = await db.transaction(async (tx) => {
      const ingested = await ingestInventoryLevels(tx, levels);
      if (ingested.rejected.length > 0) throw new Error(`inventory level ${ingested.rejected[0]!.sourceId} rejected: ${ingested.rejected[0]!.reason}`);
      await markProcessed(tx, delivery.id);
      return ingested;
    });
    if (deps.bus && result.affectedSkus.length > 0) {
      await deps.bus.publish('inventory.changed', { skuCodes: result.affectedSkus, reason: 'webhook:FBA_INVENTORY_AVAILABILITY_CHANGES' });
      await deps.bus.publish('kpi.updated', { reason: 'webhook:FBA_INVENTORY_AVAILABILITY_CHANGES' });
    }
    return { kind: 'inventory', inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, stale: result.stale, ignored: result.ignored };
  }
  await markProcessed(db, delivery.id);
  return { kind: 'ignored', reason: `${delivery.provider} ${delivery.topic} is acknowledged but not ingested from the webhook` };
}
